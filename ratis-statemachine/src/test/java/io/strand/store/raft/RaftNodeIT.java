package io.strand.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strand.api.v1.ErrorCode;
import io.strand.store.log.LogConfig;
import io.strand.store.log.TestBatches;
import io.strand.store.partition.AppendResult;
import io.strand.store.partition.PartitionCatchUpSource;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.PartitionSnapshotInfo;
import io.strand.store.partition.PartitionSpec;
import io.strand.store.partition.TopicPartitionId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One RaftNode on its own: start-up failures, group lifecycle and recovery from disk. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RaftNodeIT {
  private static final TopicPartitionId TP = new TopicPartitionId("solo", 0);
  private static final RatisTuning TUNING = RatisTuning.builder()
      .electionTimeout(Duration.ofMillis(300), Duration.ofMillis(600)).maxEntryBytes(256 * 1024)
      .maxQueuedBytes(1 << 20).raftLogCache(2, 1 << 20).raftLogQueueBytes(1 << 20).leaderPendingBytes(1 << 20)
      .callbackThreads(1).build();

  @TempDir
  Path root;

  private static final PartitionCatchUpSource NO_CATCH_UP = new PartitionCatchUpSource() {
    @Override
    public PartitionSnapshotInfo snapshotInfo(TopicPartitionId id, int leaderNodeId) throws IOException {
      throw new IOException("single node: no leader to catch up from");
    }

    @Override
    public ByteBuffer readBatches(TopicPartitionId id, int leaderNodeId, long fromOffset, int maxBytes)
        throws IOException {
      throw new IOException("single node: no leader to catch up from");
    }
  };

  private RaftNode node(int port, GroupRegistry registry) {
    RaftNodeConfig config = new RaftNodeConfig(1, "127.0.0.1", port, root, TUNING);
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    return new RaftNode(config, id -> id == 1 ? Optional.of(address) : Optional.empty(), registry, NO_CATCH_UP,
        new SimpleMeterRegistry(), Clock.systemUTC());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void portInUseFailsStartWithAClearErrorInsteadOfExitingTheJvm() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      RaftNode node = node(taken.getLocalPort(), GroupRegistry.none());
      assertThatThrownBy(node::start).isInstanceOf(IOException.class)
          .hasMessageContaining("cannot start the Raft server").hasMessageContaining(":" + taken.getLocalPort());
      node.close();
    }
  }

  @Test
  void partitionSurvivesRestartFromItsDescriptorAndIsDeletedWithItsData() throws Exception {
    int port = freePort();
    PartitionSpec spec = new PartitionSpec(TP, "topic-id-1", List.of(1), LogConfig.DEFAULT);
    RaftGroupId groupId = RaftGroups.forPartition("topic-id-1", 0);
    try (RaftNode node = node(port, GroupRegistry.none())) {
      node.start();
      PartitionReplica replica = node.addPartition(spec).get(30, TimeUnit.SECONDS);
      assertThat(node.addPartition(spec).get(30, TimeUnit.SECONDS)).isSameAs(replica);
      assertThat(replica.groupId()).isEqualTo(groupId);
      await().atMost(Duration.ofSeconds(20)).until(replica::isLeaderReady);
      AppendResult result = replica.append(TestBatches.batch(1, 5, 10), Duration.ofSeconds(10))
          .get(20, TimeUnit.SECONDS);
      assertThat(result.error()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
    }

    try (RaftNode node = node(port, GroupRegistry.none())) {
      node.start();
      PartitionReplica recovered = node.partition(TP).orElseThrow();
      await().atMost(Duration.ofSeconds(20)).until(() -> recovered.highWatermark() == 5);
      Path partitionDir = root.resolve("partitions").resolve(groupId.getUuid().toString());
      assertThat(partitionDir).isDirectory();

      node.removePartition(TP, true).get(30, TimeUnit.SECONDS);

      assertThat(node.partition(TP)).isEmpty();
      assertThat(node.hosts(groupId)).isFalse();
      assertThat(partitionDir).doesNotExist();
      assertThat(Files.exists(root.resolve("raft").resolve(groupId.getUuid().toString()))).isFalse();
    }
  }

  @Test
  void otherGroupsGetTheirStateMachineFromTheRegistry() throws Exception {
    RaftGroupId metadataGroup = RaftGroupId.randomId();
    StateMachine metadata = new BaseStateMachine();
    GroupRegistry registry = id -> id.equals(metadataGroup) ? Optional.of(metadata) : Optional.empty();
    int port = freePort();
    try (RaftNode node = node(port, registry)) {
      node.start();
      RaftGroup group = RaftGroups.group(metadataGroup, List.of(1), id -> Optional.of(
          new InetSocketAddress("127.0.0.1", port)));
      node.addGroup(group).get(30, TimeUnit.SECONDS);
      node.addGroup(group).get(30, TimeUnit.SECONDS);

      assertThat(node.hosts(metadataGroup)).isTrue();
      assertThat(node.server().getDivision(metadataGroup).getStateMachine()).isSameAs(metadata);
      assertThat(node.partitions()).isEmpty();
    }
  }
}
