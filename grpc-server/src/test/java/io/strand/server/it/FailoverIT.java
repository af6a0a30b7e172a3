package io.strand.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.strand.api.v1.Acks;
import io.strand.api.v1.DeleteTopicRequest;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchPartition;
import io.strand.api.v1.FetchRequest;
import io.strand.api.v1.MetadataRequest;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.PartitionProduceResult;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.Record;
import io.strand.api.v1.StructuredBatch;
import io.strand.server.testkit.MiniCluster;
import io.strand.store.raft.RaftGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Leader loss, node restart and catch-up, and topic deletion on a 3-node cluster. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FailoverIT {

  private static MiniCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = MiniCluster.builder().nodes(3).start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void stoppedLeaderIsReplacedRestartedNodeCatchesUpAndNoAcknowledgedRecordIsLost() {
    String topic = "failover";
    cluster.createTopic(topic, 1, 3);
    int leader = cluster.awaitLeader(topic, 0);
    int entry = cluster.nodeIds().stream().filter(n -> n != leader).findFirst().orElseThrow();
    List<String> acknowledged = new ArrayList<>();
    produceSequence(cluster, entry, topic, 0, 20, acknowledged);

    cluster.stop(leader);
    produceSequence(cluster, entry, topic, 20, 40, acknowledged);
    int newLeader = cluster.awaitLeader(topic, 0);
    assertThat(newLeader).isNotEqualTo(leader);

    cluster.restart(leader);
    produceSequence(cluster, leader, topic, 40, 50, acknowledged);

    awaitIdenticalReplicas(cluster, topic, acknowledged);
  }

  @Test
  void deletingATopicRemovesItsDataOnEveryReplicaIncludingOneThatWasDown() {
    String topic = "doomed";
    cluster.createTopic(topic, 2, 3);
    List<String> acknowledged = new ArrayList<>();
    produceSequence(cluster, 1, topic, 0, 3, acknowledged);
    List<Path> dirs = new ArrayList<>();
    for (int node : cluster.nodeIds()) {
      for (int p = 0; p < 2; p++) {
        dirs.add(cluster.dataDir(node).resolve("partitions").resolve(groupUuid(cluster, topic, p)));
        dirs.add(cluster.dataDir(node).resolve("raft").resolve(groupUuid(cluster, topic, p)));
      }
    }
    assertThat(dirs).allSatisfy(d -> assertThat(d).isDirectory());

    cluster.stop(3);
    cluster.admin(1).deleteTopic(DeleteTopicRequest.newBuilder().setName(topic).build());
    await().atMost(Duration.ofSeconds(30)).until(() -> dirs.stream()
        .filter(d -> !d.startsWith(cluster.dataDir(3))).noneMatch(Files::exists));
    assertThat(dirs.stream().filter(d -> d.startsWith(cluster.dataDir(3)))).allMatch(Files::exists);

    cluster.restart(3);
    await().atMost(Duration.ofSeconds(30)).until(() -> dirs.stream().noneMatch(Files::exists));
    var fetched = cluster.fetch(3).fetch(FetchRequest.newBuilder().addPartitions(FetchPartition.newBuilder()
        .setTopic(topic).setPartition(0)).build()).getResults(0);
    assertThat(fetched.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC);
  }

  static void awaitIdenticalReplicas(MiniCluster cluster, String topic, List<String> acknowledged) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      for (int node : cluster.nodeIds()) {
        assertThat(Replicas.values(cluster.node(node), topic, 0)).as("replica on node " + node)
            .containsExactlyElementsOf(acknowledged);
      }
    });
  }

  static void produceSequence(MiniCluster cluster, int node, String topic, int from, int to,
                              List<String> acknowledged) {
    for (int i = from; i < to; i++) {
      PartitionProduceResult r = produce(cluster, node, topic, 0, "v" + i);
      assertThat(r.getError().getCode()).as(r.getError().getMessage()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
      acknowledged.add("v" + i);
    }
  }

  static PartitionProduceResult produce(MiniCluster cluster, int node, String topic, int partition,
                                        String value) {
    return cluster.produce(node).produce(ProduceRequest.newBuilder().setAcks(Acks.ACKS_ALL)
        .addPartitions(PartitionProduceData.newBuilder().setTopic(topic).setPartition(partition)
            .setRecords(StructuredBatch.newBuilder().addRecords(Record.newBuilder()
                .setValue(ByteString.copyFromUtf8(value)))))
        .build()).getResults(0);
  }

  static String groupUuid(MiniCluster cluster, String topic, int partition) {
    int node = cluster.nodeIds().stream().filter(cluster::isRunning).findFirst().orElseThrow();
    String topicId = cluster.metadata(node).getMetadata(MetadataRequest.newBuilder().addTopics(topic).build())
        .getTopics(0).getTopicId();
    return RaftGroups.forPartition(topicId, partition).getUuid().toString();
  }
}
