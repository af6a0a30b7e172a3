package io.strand.server.it;

import static io.strand.server.it.GrpcAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.strand.api.v1.DescribeTopicRequest;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.MetadataRequest;
import io.strand.server.testkit.MiniCluster;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node that cannot reach the metadata leader does not claim that a topic it does not know is missing: its local
 * metadata may simply not be replayed yet (a restarted node), so it answers the retriable LEADER_NOT_AVAILABLE, and
 * UNKNOWN_TOPIC only once the leader confirmed it. The chaos harness saw producers started against a node that had
 * just restarted give up on UNKNOWN_TOPIC for a topic that existed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetadataQuorumLossIT {

  @Test
  void unknownTopicIsOnlyReportedWithTheMetadataLeadersWord() {
    try (MiniCluster cluster = MiniCluster.builder().nodes(3).start()) {
      cluster.awaitReady();
      DescribeTopicRequest missing = DescribeTopicRequest.newBuilder().setName("never-created").build();
      assertFails(() -> cluster.admin(1).withDeadlineAfter(30, TimeUnit.SECONDS).describeTopic(missing),
          Status.Code.NOT_FOUND, ErrorCode.ERROR_CODE_UNKNOWN_TOPIC);
      assertThat(cluster.metadata(1).withDeadlineAfter(30, TimeUnit.SECONDS).getMetadata(
          MetadataRequest.newBuilder().addTopics("never-created").build()).getTopics(0).getErrorCode())
          .isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC);

      cluster.stop(2);
      cluster.stop(3);

      assertFails(() -> cluster.admin(1).withDeadlineAfter(30, TimeUnit.SECONDS).describeTopic(missing),
          Status.Code.UNAVAILABLE, ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE);
      assertFails(() -> cluster.metadata(1).withDeadlineAfter(30, TimeUnit.SECONDS).getMetadata(
              MetadataRequest.newBuilder().addTopics("never-created").build()),
          Status.Code.UNAVAILABLE, ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE);
    }
  }
}
