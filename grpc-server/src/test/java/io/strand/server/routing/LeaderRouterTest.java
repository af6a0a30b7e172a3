package io.strand.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.ErrorCode;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.cluster.TopicInfo;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Routing decisions against a hand-built metadata image and fake local replicas. */
class LeaderRouterTest {

  private static final TopicPartitionId P0 = new TopicPartitionId("orders", 0);
  private static final TopicPartitionId P1 = new TopicPartitionId("orders", 1);

  private final Map<TopicPartitionId, PartitionReplica> local = new HashMap<>();
  private final LeaderCache cache = new LeaderCache();
  private final LeaderRouter router = new LeaderRouter(1, LeaderRouterTest::image,
      id -> Optional.ofNullable(local.get(id)), cache);

  private static ClusterImage image() {
    var nodes = new TreeMap<Integer, NodeRegistration>();
    for (int id = 1; id <= 3; id++) {
      nodes.put(id, new NodeRegistration(id, "h:" + id, "host" + id, 9000 + id));
    }
    var topics = new TreeMap<String, TopicInfo>();
    topics.put("orders", new TopicInfo("orders", "tid", 2, Map.of(), List.of(List.of(1, 2), List.of(3, 2)), false));
    topics.put("__consumer_offsets", new TopicInfo("__consumer_offsets", "oid", 2, Map.of(),
        List.of(List.of(1, 2)), true));
    return new ClusterImage("c", 1, nodes, topics, 10);
  }

  @Test
  void unknownTopicAndPartitionFail() {
    assertThat(router.route(new TopicPartitionId("nope", 0), false))
        .isEqualTo(new Route.Failed(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC, "topic 'nope' does not exist", -1));
    assertThat(((Route.Failed) router.route(new TopicPartitionId("orders", 2), false)).code())
        .isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_PARTITION);
  }

  @Test
  void internalTopicPartitionsAreRefusedAsInternalNotRoutedAsData() {
    TopicPartitionId offsets = new TopicPartitionId("__consumer_offsets", 0);
    for (boolean forwarded : new boolean[] {false, true}) {
      Route.Failed failed = (Route.Failed) router.route(offsets, forwarded);
      assertThat(failed.code()).isEqualTo(ErrorCode.ERROR_CODE_INTERNAL_TOPIC);
      assertThat(failed.message()).contains("internal", "group API");
      assertThat(failed.leaderHint()).isEqualTo(-1);
    }
  }

  @Test
  void readyLocalLeaderServesLocally() {
    FakeReplica replica = new FakeReplica(P0).leading(true);
    local.put(P0, replica);

    assertThat(router.route(P0, false)).isEqualTo(new Route.Local(replica));
    assertThat(router.route(P0, true)).isEqualTo(new Route.Local(replica));
  }

  @Test
  void localLeaderNotReadyYetIsLeaderNotAvailable() {
    local.put(P0, new FakeReplica(P0).leading(false));

    Route.Failed failed = (Route.Failed) router.route(P0, false);

    assertThat(failed.code()).isEqualTo(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE);
    assertThat(failed.leaderHint()).isEqualTo(1);
  }

  @Test
  void localFollowerForwardsToTheLeaderItKnows() {
    local.put(P0, new FakeReplica(P0).following(2));

    assertThat(router.route(P0, false)).isEqualTo(new Route.Remote(image().node(2).orElseThrow()));
  }

  @Test
  void forwardedCallIsNeverForwardedAgain() {
    local.put(P0, new FakeReplica(P0).following(2));

    Route.Failed failed = (Route.Failed) router.route(P0, true);

    assertThat(failed.code()).isEqualTo(ErrorCode.ERROR_CODE_NOT_LEADER);
    assertThat(failed.leaderHint()).isEqualTo(2);
  }

  @Test
  void followerWithoutKnownLeaderReportsLeaderNotAvailable() {
    local.put(P0, new FakeReplica(P0).following(-1));

    assertThat(((Route.Failed) router.route(P0, false)).code())
        .isEqualTo(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE);
    assertThat(((Route.Failed) router.route(P0, true)).code())
        .isEqualTo(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE);
  }

  @Test
  void partitionNotHostedHereGoesToTheCachedLeaderElseThePreferredReplica() {
    assertThat(router.route(P1, false)).isEqualTo(new Route.Remote(image().node(3).orElseThrow()));

    cache.update(P1, 2);
    assertThat(router.route(P1, false)).isEqualTo(new Route.Remote(image().node(2).orElseThrow()));

    cache.invalidate(P1, 2);
    assertThat(router.route(P1, false)).isEqualTo(new Route.Remote(image().node(3).orElseThrow()));
  }

  @Test
  void staleHintPointingAtThisNodeIsNotFollowed() {
    cache.update(P1, 1);

    assertThat(((Route.Failed) router.route(P1, false)).code())
        .isEqualTo(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE);
  }
}
