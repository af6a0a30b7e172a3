package io.strand.server.it;

import static io.strand.server.it.GrpcAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.strand.api.v1.CreateTopicRequest;
import io.strand.api.v1.DescribeTopicRequest;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.MetadataRequest;
import io.strand.server.testkit.MiniCluster;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node that cannot reach the metadata leader does not claim that a topic it does not know is missing: its local
 * metadata may simply not be replayed yet (a restarted node), so it answers the retriable LEADER_NOT_AVAILABLE, and
 * UNKNOWN_TOPIC only once the leader confirmed it. The chaos harness saw producers started against a node that had
 * just restarted give up on UNKNOWN_TOPIC for a topic that existed. And a node whose metadata Raft client gave up
 * during such an outage commits metadata commands again once the majority is back (the harness saw a node unable
 * to register for eight minutes: the Ratis client stays closed after its retry policy gives up).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetadataQuorumLossIT {

  @Test
  void unknownTopicIsOnlyReportedWithTheMetadataLeadersWord() {
    // A short request timeout makes the Ratis client's retry policy give up within the outage below.
    try (MiniCluster cluster = MiniCluster.builder().nodes(3).configure(b -> b.requestTimeoutMs(4000)).start()) {
      cluster.awaitReady();
      DescribeTopicRequest missing = DescribeTopicRequest.newBuilder().setName("never-created").build();
      assertFails(() -> cluster.admin(1).withDeadlineAfter(30, TimeUnit.SECONDS).describeTopic(missing),
          Status.Code.NOT_FOUND, ErrorCode.ERROR_CODE_UNKNOWN_TOPIC);
      assertThat(cluster.metadata(1).withDeadlineAfter(30, TimeUnit.SECONDS).getMetadata(
          MetadataRequest.newBuilder().addTopics("never-created").build()).getTopics(0).getErrorCode())
          .isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC);

      cluster.stop(2);
      cluster.stop(3);

      // If node 1 led the metadata group, it may still answer for a moment as the leader (its lease has not run
      // out yet), which is a correct "leader's word"; once it has stepped down it must not claim UNKNOWN_TOPIC.
      await("node 1 stops answering UNKNOWN_TOPIC without a metadata leader").atMost(Duration.ofSeconds(90))
          .untilAsserted(() -> assertFails(
              () -> cluster.admin(1).withDeadlineAfter(30, TimeUnit.SECONDS).describeTopic(missing),
              Status.Code.UNAVAILABLE, ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE));
      assertFails(() -> cluster.metadata(1).withDeadlineAfter(30, TimeUnit.SECONDS).getMetadata(
              MetadataRequest.newBuilder().addTopics("never-created").build()),
          Status.Code.UNAVAILABLE, ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE);

      // A metadata command while the group has no leader: the node's Ratis client gives up on it, which closes
      // that client for good. Once the majority is back the node must be able to commit metadata again.
      assertThatThrownBy(() -> cluster.admin(1).withDeadlineAfter(20, TimeUnit.SECONDS).createTopic(
          CreateTopicRequest.newBuilder().setName("during-outage").setPartitions(1).setReplicationFactor(1).build()))
          .isInstanceOf(StatusRuntimeException.class);
      cluster.restart(2);
      cluster.restart(3);
      await("node 1 commits metadata commands again").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .until(() -> cluster.admin(1).withDeadlineAfter(10, TimeUnit.SECONDS).createTopic(
              CreateTopicRequest.newBuilder().setName("after-outage").setPartitions(1).setReplicationFactor(1)
                  .build()) != null);
    }
  }
}
