package io.strand.store.raft;

import com.sun.management.OperatingSystemMXBean;
import io.strand.store.log.LogConfig;
import io.strand.store.partition.PartitionSpec;
import io.strand.store.partition.TopicPartitionId;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Per-group cost probe for docs/design/partition-replication.md (not a test; never run by the build): three
 * RaftNodes in this JVM with the default {@link RatisTuning}, then {@code partitions} idle RF-3 partitions (one Raft
 * group each, leaders spread by preferred replica). Prints JVM threads, direct memory, heap after GC and the
 * process CPU used while idle, so that two runs with different partition counts give the cost per group.
 *
 * <p>Run: {@code java -cp <test classpath> io.strand.store.raft.GroupCostBench <partitions> <idleSeconds>}.
 */
public final class GroupCostBench {
  private GroupCostBench() {}

  public static void main(String[] args) throws Exception {
    int partitions = Integer.parseInt(args[0]);
    long idleSeconds = Long.parseLong(args[1]);
    Path root = Files.createTempDirectory("strand-groups");
    RatisTuning d = RatisTuning.DEFAULT;
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, t -> t.maxEntryBytes(d.maxEntryBytes())
        .maxQueuedBytes(d.maxQueuedBytes()).raftLogCache(d.raftLogCacheSegments(), d.raftLogCacheBytes())
        .raftLogQueueBytes(d.raftLogQueueBytes()).leaderPendingBytes(d.leaderPendingBytes())
        .electionTimeout(d.electionTimeoutMin(), d.electionTimeoutMax()).callbackThreads(d.callbackThreads()))) {
      for (int p = 0; p < partitions; p++) {
        int first = 1 + p % 3;
        List<Integer> replicas = List.of(first, 1 + first % 3, 1 + (first + 1) % 3);
        PartitionSpec spec = new PartitionSpec(new TopicPartitionId("cost", p), "cost-id", replicas,
            LogConfig.DEFAULT);
        for (int node : replicas) {
          cluster.node(node).addPartition(spec).get();
        }
      }
      for (int p = 0; p < partitions; p++) {
        cluster.awaitLeader(new TopicPartitionId("cost", p));
      }
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
          .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      long wallBefore = System.nanoTime();
      Thread.sleep(Duration.ofSeconds(idleSeconds).toMillis());
      double cpuCores = (os.getProcessCpuTime() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
      System.out.printf("partitions=%d groups/node=%d threads=%d directMB=%.1f heapMB=%.1f idleCpuCores=%.3f%n",
          partitions, partitions, Thread.activeCount(), direct / 1e6, heap / 1e6, cpuCores);
    }
  }
}
