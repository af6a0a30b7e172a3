package io.strand.store.partition;

import io.strand.internal.proto.PartitionDescriptor;
import io.strand.store.log.LogConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * One partition replica's directory, {@code <partitionsDir>/<group uuid>/}:
 *
 * <pre>
 *   partition.descriptor   topic, partition, topic id, replicas, log config (ChecksummedFile, magic "STPD")
 *   partition.snapshot     the latest snapshot (ChecksummedFile, magic "STPS"), see {@link PartitionSnapshotter}
 *   log/                   the SegmentedLog's segment, index and checkpoint files
 * </pre>
 *
 * The descriptor lets the state machine be rebuilt from the Raft group id alone when Ratis recovers the group at
 * start-up.
 *
 * <p>Immutable and thread-safe; file operations are not atomic with respect to each other.
 */
public record PartitionDirectory(Path path) {
  static final int DESCRIPTOR_MAGIC = 0x53545044;
  private static final String DESCRIPTOR_FILE = "partition.descriptor";
  private static final String SNAPSHOT_FILE = "partition.snapshot";
  private static final String LOG_DIR = "log";

  public static PartitionDirectory of(Path partitionsDir, RaftGroupId groupId) {
    return new PartitionDirectory(partitionsDir.resolve(groupId.getUuid().toString()));
  }

  public Path logDir() {
    return path.resolve(LOG_DIR);
  }

  public Path snapshotFile() {
    return path.resolve(SNAPSHOT_FILE);
  }

  public Path descriptorFile() {
    return path.resolve(DESCRIPTOR_FILE);
  }

  public boolean exists() {
    return Files.isDirectory(path);
  }

  /** Creates the directory and writes the descriptor durably. */
  public void writeDescriptor(PartitionSpec spec) throws IOException {
    Files.createDirectories(path);
    PartitionDescriptor descriptor = PartitionDescriptor.newBuilder()
        .setTopic(spec.id().topic())
        .setPartition(spec.id().partition())
        .setTopicId(spec.topicId())
        .addAllReplicas(spec.replicas())
        .putAllLogConfig(spec.logConfig().toTopicConfigs())
        .build();
    ChecksummedFile.write(descriptorFile(), DESCRIPTOR_MAGIC, descriptor.toByteArray());
    ChecksummedFile.fsyncDirectory(path.getParent());
  }

  /**
   * Reads the descriptor.
   *
   * @throws IOException if it is missing or invalid; the message names the file
   */
  public PartitionSpec readDescriptor() throws IOException {
    byte[] bytes = ChecksummedFile.read(descriptorFile(), DESCRIPTOR_MAGIC)
        .orElseThrow(() -> new IOException("no partition descriptor at " + descriptorFile()
            + "; the Raft group has no partition data on this node"));
    PartitionDescriptor d = PartitionDescriptor.parseFrom(bytes);
    try {
      return new PartitionSpec(new TopicPartitionId(d.getTopic(), d.getPartition()), d.getTopicId(),
          d.getReplicasList(), LogConfig.fromTopicConfigs(d.getLogConfigMap()));
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid partition descriptor " + descriptorFile() + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the directory and everything in it; no-op if it does not exist. */
  public void delete() throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Moves the directory under {@code removedDir}, suffixed with {@code suffix}; no-op if it does not exist. */
  public void moveTo(Path removedDir, String suffix) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    Files.createDirectories(removedDir);
    Files.move(path, removedDir.resolve(path.getFileName() + "-" + suffix));
  }
}
