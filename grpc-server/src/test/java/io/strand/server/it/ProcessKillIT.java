package io.strand.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.strand.api.v1.Acks;
import io.strand.api.v1.AdminServiceGrpc;
import io.strand.api.v1.CreateTopicRequest;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.InitProducerIdRequest;
import io.strand.api.v1.MetadataRequest;
import io.strand.api.v1.MetadataServiceGrpc;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.PartitionProduceResult;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.ProduceServiceGrpc;
import io.strand.api.v1.Record;
import io.strand.api.v1.StructuredBatch;
import io.strand.internal.proto.PartitionRef;
import io.strand.internal.proto.ReadBatchesRequest;
import io.strand.internal.proto.ReplicaServiceGrpc;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatches;
import io.strand.server.StrandMain;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes in three JVMs. Idempotent producers write with acks=ALL while the leader of a partition is killed
 * with SIGKILL and later restarted; afterwards every replica holds every acknowledged record exactly once, in
 * order.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ProcessKillIT {

  private static final String TOPIC = "sigkill";
  private static final int PARTITIONS = 2;

  @TempDir
  Path dir;

  private final Map<Integer, String[]> args = new TreeMap<>();
  private final Map<Integer, Process> processes = new TreeMap<>();
  private final Map<Integer, Integer> grpcPorts = new TreeMap<>();
  private final Map<Integer, ManagedChannel> channels = new TreeMap<>();

  @AfterEach
  void stopAll() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    processes.values().forEach(Process::destroyForcibly);
  }

  @Test
  void everyAcknowledgedRecordSurvivesASigkilledLeaderExactlyOnceAndInOrder() throws Exception {
    startCluster();
    AdminServiceGrpc.newBlockingStub(channel(1)).withDeadlineAfter(30, TimeUnit.SECONDS).createTopic(
        CreateTopicRequest.newBuilder().setName(TOPIC).setPartitions(PARTITIONS).setReplicationFactor(3).build());
    int victim = awaitLeaderOf(0);

    AtomicBoolean stop = new AtomicBoolean();
    List<List<String>> acknowledged = new ArrayList<>();
    ExecutorService producers = Executors.newFixedThreadPool(PARTITIONS);
    List<Future<?>> running = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      List<String> acks = new CopyOnWriteArrayList<>();
      acknowledged.add(acks);
      int partition = p;
      running.add(producers.submit(() -> produceUntil(stop, partition, acks)));
    }
    awaitAcks(running, acknowledged, 40);

    processes.get(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    channels.remove(victim).shutdownNow();
    int before = total(acknowledged);
    awaitAcks(running, acknowledged, before + 40);

    start(victim);
    awaitServing(victim);
    int afterRestart = total(acknowledged);
    awaitAcks(running, acknowledged, afterRestart + 30);
    stop.set(true);
    for (Future<?> f : running) {
      f.get(60, TimeUnit.SECONDS);
    }
    producers.shutdown();

    for (int p = 0; p < PARTITIONS; p++) {
      int partition = p;
      List<String> expected = acknowledged.get(p);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        for (int node : processes.keySet()) {
          assertThat(replicaValues(node, partition)).as("partition %d on node %d", partition, node)
              .containsExactlyElementsOf(expected);
        }
      });
    }
  }

  /** One idempotent producer per partition: each record is retried with its sequence until acknowledged. */
  private void produceUntil(AtomicBoolean stop, int partition, List<String> acknowledged) {
    var init = AdminServiceGrpc.newBlockingStub(channel(1 + partition)).withDeadlineAfter(30, TimeUnit.SECONDS)
        .initProducerId(InitProducerIdRequest.getDefaultInstance());
    int node = 0;
    for (int seq = 0; !stop.get(); seq++) {
      String value = "p" + partition + "-" + seq;
      ProduceRequest request = ProduceRequest.newBuilder().setAcks(Acks.ACKS_ALL).setTimeoutMs(10_000)
          .addPartitions(PartitionProduceData.newBuilder().setTopic(TOPIC).setPartition(partition)
              .setRecords(StructuredBatch.newBuilder().setProducerId(init.getProducerId())
                  .setProducerEpoch(init.getProducerEpoch()).setBaseSequence(seq)
                  .addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8(value)))))
          .build();
      while (true) {
        List<Integer> live = new ArrayList<>(channels.keySet());
        int target = live.get(Math.floorMod(node++, live.size()));
        try {
          PartitionProduceResult r = ProduceServiceGrpc.newBlockingStub(channel(target))
              .withDeadlineAfter(15, TimeUnit.SECONDS).produce(request).getResults(0);
          ErrorCode code = r.getError().getCode();
          if (code == ErrorCode.ERROR_CODE_NONE || code == ErrorCode.ERROR_CODE_DUPLICATE_SEQUENCE) {
            acknowledged.add(value);
            break;
          }
          assertThat(code).as(r.getError().getMessage()).isIn(ErrorCode.ERROR_CODE_NOT_LEADER,
              ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, ErrorCode.ERROR_CODE_TIMEOUT,
              ErrorCode.ERROR_CODE_THROTTLED, ErrorCode.ERROR_CODE_UNKNOWN_SERVER_ERROR);
        } catch (StatusRuntimeException | IllegalStateException e) {
          // The node died, was restarting, or its channel was closed: try the next node with the same sequence.
        }
      }
    }
  }

  private List<String> replicaValues(int node, int partition) {
    List<String> values = new ArrayList<>();
    long offset = 0;
    while (true) {
      ByteString bytes = ReplicaServiceGrpc.newBlockingStub(channel(node)).withDeadlineAfter(10, TimeUnit.SECONDS)
          .readBatches(ReadBatchesRequest.newBuilder().setPartition(PartitionRef.newBuilder().setTopic(TOPIC)
              .setPartition(partition)).setFromOffset(offset).setMaxBytes(1024 * 1024).build()).getBatches();
      if (bytes.isEmpty()) {
        return values;
      }
      for (RecordBatch batch : RecordBatches.iterate(bytes.asReadOnlyByteBuffer())) {
        for (var record : batch.records()) {
          if (record.offset() >= offset) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
            offset = record.offset() + 1;
          }
        }
      }
    }
  }

  private int awaitLeaderOf(int partition) {
    int[] leader = {-1};
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      var topic = MetadataServiceGrpc.newBlockingStub(channel(1)).withDeadlineAfter(5, TimeUnit.SECONDS)
          .getMetadata(MetadataRequest.newBuilder().addTopics(TOPIC).build()).getTopics(0);
      leader[0] = topic.getPartitionsCount() > partition ? topic.getPartitions(partition).getLeaderId() : -1;
      return leader[0] > 0;
    });
    return leader[0];
  }

  private void startCluster() throws IOException {
    Map<Integer, Integer> raftPorts = new TreeMap<>();
    for (int id = 1; id <= 3; id++) {
      grpcPorts.put(id, freePort());
      raftPorts.put(id, freePort());
    }
    StringBuilder peers = new StringBuilder();
    raftPorts.forEach((id, port) -> peers.append(peers.length() == 0 ? "" : ",").append(id)
        .append("=127.0.0.1:").append(port));
    for (int id = 1; id <= 3; id++) {
      args.put(id, new String[] {"--node-id", String.valueOf(id), "--data-dir", dir.resolve("node-" + id).toString(),
          "--bind-host", "127.0.0.1", "--grpc-port", String.valueOf(grpcPorts.get(id)),
          "--raft-port", String.valueOf(raftPorts.get(id)), "--metrics-port", "0", "--peers", peers.toString()});
      start(id);
    }
    for (int id = 1; id <= 3; id++) {
      awaitServing(id);
    }
  }

  private void start(int id) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), StrandMain.class.getName()));
    command.addAll(List.of(args.get(id)));
    File log = dir.resolve("node-" + id + ".log").toFile();
    processes.put(id, new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start());
  }

  private void awaitServing(int id) {
    await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> HealthGrpc.newBlockingStub(channel(id))
        .withDeadlineAfter(2, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus()
        == HealthCheckResponse.ServingStatus.SERVING);
  }

  private synchronized ManagedChannel channel(int id) {
    return channels.computeIfAbsent(id, k -> NettyChannelBuilder.forAddress("127.0.0.1", grpcPorts.get(k))
        .usePlaintext().build());
  }

  /** Waits for a number of acknowledgements, failing fast (with the cause) if a producer died. */
  private static void awaitAcks(List<Future<?>> producers, List<List<String>> acknowledged, int atLeast) {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      for (Future<?> f : producers) {
        if (f.isDone()) {
          f.get();
          throw new AssertionError("a producer stopped early");
        }
      }
      return total(acknowledged) >= atLeast;
    });
  }

  private static int total(List<List<String>> acknowledged) {
    return acknowledged.stream().mapToInt(List::size).sum();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
