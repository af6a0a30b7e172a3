package io.strand.server.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.GroupServiceGrpc;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.cluster.TopicInfo;
import io.strand.server.error.ErrorCodes;
import io.strand.server.error.GrpcErrors;
import io.strand.server.interceptor.ForwardedCalls;
import io.strand.server.routing.ForwardingClient;
import io.strand.store.offsets.CoordinatorUnavailableException;
import io.strand.store.offsets.OffsetsConfig;
import io.strand.store.offsets.TopicsView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where group calls go: node 1 hosts no offsets replica, so every call is forwarded. The "remote" nodes are
 * scripted per node (recognized by the authority of the stub the router hands out); nothing is sent on the wire.
 */
class CoordinatorRouterTest {

  private static final int BASE_PORT = 9000;
  private static final TopicsView NO_TOPICS = new TopicsView() {
    @Override
    public OptionalInt partitionCount(String topic) {
      return OptionalInt.empty();
    }

    @Override
    public Set<String> topicNames() {
      return Set.of();
    }
  };

  private final ForwardingClient forwarding = new ForwardingClient(1, 4 * 1024 * 1024);
  private final OffsetsReplicas replicas = new OffsetsReplicas(2, OffsetsConfig.defaults(), NO_TOPICS,
      (group, leader) -> new byte[0], Clock.systemUTC());
  private final Map<Integer, Consumer<StreamObserver<String>>> answers = new HashMap<>();
  private final List<Integer> called = new ArrayList<>();
  private ClusterImage image = image(true);
  private OptionalInt leaderHint = OptionalInt.empty();
  private final CoordinatorRouter router = new CoordinatorRouter(1, () -> image, replicas, p -> leaderHint,
      forwarding);

  @AfterEach
  void close() {
    forwarding.close();
  }

  /** Nodes 1-3 registered (node 4 never registered); offsets partition 0 on [4, 2, 3], partition 1 on [3, 1]. */
  private static ClusterImage image(boolean withOffsetsTopic) {
    var nodes = new TreeMap<Integer, NodeRegistration>();
    for (int id = 1; id <= 3; id++) {
      nodes.put(id, new NodeRegistration(id, "raft:" + id, "127.0.0.1", BASE_PORT + id));
    }
    var topics = new TreeMap<String, TopicInfo>();
    if (withOffsetsTopic) {
      topics.put(OffsetsTopic.NAME, new TopicInfo(OffsetsTopic.NAME, "oid", 3, Map.of(),
          List.of(List.of(4, 2, 3), List.of(3, 1)), true));
    }
    topics.put("orders", new TopicInfo("orders", "tid", 3, Map.of(), List.of(List.of(1), List.of(2), List.of(3)),
        false));
    return new ClusterImage("c", 1, nodes, topics, 10);
  }

  private CompletableFuture<String> route(int partition, Deadline deadline) {
    BiConsumer<GroupServiceGrpc.GroupServiceStub, StreamObserver<String>> remote = (stub, observer) -> {
      String authority = stub.getChannel().authority();
      int node = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1)) - BASE_PORT;
      called.add(node);
      answers.getOrDefault(node, o -> o.onError(Status.UNAVAILABLE.asRuntimeException())).accept(observer);
    };
    return router.route(partition, sm -> CompletableFuture.completedFuture("local"), remote, deadline);
  }

  private CompletableFuture<String> route(int partition) {
    return route(partition, Deadline.after(10, TimeUnit.SECONDS));
  }

  private void answerOk(int node) {
    answers.put(node, o -> {
      o.onNext("node " + node);
      o.onCompleted();
    });
  }

  private void answerError(int node, ErrorCode code) {
    answers.put(node, o -> o.onError(GrpcErrors.exception(code, "scripted " + code)));
  }

  private static ErrorCode failureCode(CompletableFuture<?> call) {
    try {
      call.join();
    } catch (CompletionException e) {
      return ErrorCodes.of(e);
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void theKnownLeaderIsAskedFirstAndAnswers() {
    leaderHint = OptionalInt.of(3);
    answerOk(3);
    answerOk(2);

    assertThat(route(0).join()).isEqualTo("node 3");
    assertThat(called).containsExactly(3);
  }

  @Test
  void notCoordinatorMovesOnThroughTheReplicasSkippingUnregisteredNodesAndTheHint() {
    leaderHint = OptionalInt.of(3);
    answerError(3, ErrorCode.ERROR_CODE_NOT_COORDINATOR);
    answerOk(2);

    assertThat(route(0).join()).isEqualTo("node 2");
    // Candidates: the hint 3, then replicas 4 (not registered: skipped), 2; 3 is not asked twice.
    assertThat(called).containsExactly(3, 2);
  }

  @Test
  void aCoordinatorStillActivatingIsRetriedOnTheNextCandidate() {
    answerError(2, ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE);
    answerOk(3);

    assertThat(route(0).join()).isEqualTo("node 3");
    assertThat(called).containsExactly(2, 3);
  }

  @Test
  void anUnreachableNodeIsRetriedOnTheNextCandidate() {
    leaderHint = OptionalInt.of(2);
    answerOk(3);

    assertThat(route(0).join()).isEqualTo("node 3");
    assertThat(called).containsExactly(2, 3);
  }

  @Test
  void aNonRetriableAnswerIsFinal() {
    answerError(2, ErrorCode.ERROR_CODE_GROUP_ID_NOT_FOUND);
    answerOk(3);

    assertThat(failureCode(route(0))).isEqualTo(ErrorCode.ERROR_CODE_GROUP_ID_NOT_FOUND);
    assertThat(called).containsExactly(2);
  }

  @Test
  void whenEveryCandidateFailsTheLastFailureIsReported() {
    answerError(2, ErrorCode.ERROR_CODE_NOT_COORDINATOR);
    answers.put(3, o -> o.onError(Status.UNAVAILABLE.withDescription("down").asRuntimeException()));

    CompletableFuture<String> call = route(0);

    assertThatThrownBy(call::join).hasCauseInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("down");
    assertThat(called).containsExactly(2, 3);
  }

  @Test
  void theLocalNodeAmongTheCandidatesWithoutAReplicaIsNotCoordinator() {
    answerError(3, ErrorCode.ERROR_CODE_NOT_COORDINATOR);

    assertThat(failureCode(route(1))).isEqualTo(ErrorCode.ERROR_CODE_NOT_COORDINATOR);
    assertThat(called).containsExactly(3);
  }

  @Test
  void anExpiredDeadlineAsksNobody() {
    answerOk(2);

    Deadline expired = Deadline.after(-1, TimeUnit.SECONDS);

    assertThat(failureCode(route(0, expired))).isEqualTo(ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE);
    assertThat(called).isEmpty();
  }

  @Test
  void aForwardedCallIsNeverForwardedAgain() throws Exception {
    answerOk(2);

    CompletableFuture<String> call = ForwardedCalls.forwardedContext(2).call(() -> route(0));

    assertThat(failureCode(call)).isEqualTo(ErrorCode.ERROR_CODE_NOT_COORDINATOR);
    assertThat(called).isEmpty();
  }

  @Test
  void beforeTheOffsetsTopicExistsGroupsHaveNoCoordinator() {
    image = image(false);

    assertThatThrownBy(router::partitionCount).isInstanceOfSatisfying(CoordinatorUnavailableException.class,
        e -> assertThat(ErrorCodes.of(e)).isEqualTo(ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE));
    assertThat(router.topicPartitionCount("orders")).hasValue(3);
    assertThat(router.topicPartitionCount("missing")).isEmpty();
    assertThat(router.isLocalCoordinator(0)).isFalse();
  }

  @Test
  void groupsMapToPartitionsLikeKafka() {
    assertThat(router.partitionCount()).isEqualTo(2);
    assertThat(router.partitionFor("g1")).isEqualTo(OffsetsTopic.partitionFor("g1", 2)).isBetween(0, 1);
  }
}
