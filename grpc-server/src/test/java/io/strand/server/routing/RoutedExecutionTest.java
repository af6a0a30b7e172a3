package io.strand.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Deadline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.LeaderHint;
import io.strand.api.v1.PartitionError;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.cluster.TopicInfo;
import io.strand.server.interceptor.ForwardedCalls;
import io.strand.server.metrics.ServerMetrics;
import io.strand.store.error.NotLeaderException;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retry behaviour of multi-partition requests, with scripted local and remote outcomes. */
class RoutedExecutionTest {

  private static final TopicPartitionId P0 = new TopicPartitionId("t", 0);
  private static final TopicPartitionId U0 = new TopicPartitionId("u", 0);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final Map<TopicPartitionId, PartitionReplica> local = new HashMap<>();
  private final LeaderCache cache = new LeaderCache();
  private final AtomicInteger syncs = new AtomicInteger();
  private ClusterImage image = image(true);
  private final RoutedExecution execution = new RoutedExecution(
      new LeaderRouter(1, () -> image, id -> Optional.ofNullable(local.get(id)), cache),
      () -> {
        syncs.incrementAndGet();
        image = image(true);
        return CompletableFuture.completedFuture(null);
      },
      scheduler, new ServerMetrics(new SimpleMeterRegistry()));

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static ClusterImage image(boolean withTopic) {
    var nodes = new TreeMap<Integer, NodeRegistration>();
    for (int id = 1; id <= 3; id++) {
      nodes.put(id, new NodeRegistration(id, "h:" + id, "host" + id, 9000 + id));
    }
    var topics = new TreeMap<String, TopicInfo>();
    if (withTopic) {
      topics.put("t", new TopicInfo("t", "tid", 2, Map.of(), List.of(List.of(1, 2)), false));
      topics.put("u", new TopicInfo("u", "uid", 2, Map.of(), List.of(List.of(2, 3)), false));
    }
    return new ClusterImage("c", 1, nodes, topics, 1);
  }

  /** Results are strings "served-by-N" or "error:CODE". */
  private final class Op implements PartitionOperation<TopicPartitionId, String> {
    final List<String> calls = new ArrayList<>();
    final List<java.util.function.Supplier<CompletableFuture<String>>> localOutcomes = new ArrayList<>();
    final List<String> remoteOutcomes = new ArrayList<>();

    @Override
    public String method() {
      return "test";
    }

    @Override
    public TopicPartitionId partition(TopicPartitionId item) {
      return item;
    }

    @Override
    public CompletableFuture<String> local(PartitionReplica replica, TopicPartitionId item, Deadline deadline) {
      calls.add("local");
      return localOutcomes.remove(0).get();
    }

    @Override
    public CompletableFuture<List<String>> remote(NodeRegistration node, List<TopicPartitionId> items,
                                                  Deadline deadline) {
      calls.add("remote-" + node.nodeId());
      return CompletableFuture.completedFuture(List.of(remoteOutcomes.remove(0)));
    }

    @Override
    public String failed(TopicPartitionId item, PartitionError error) {
      return "error:" + error.getCode().name() + (error.hasLeader() ? "@" + error.getLeader().getLeaderId() : "");
    }

    @Override
    public PartitionError errorOf(String result) {
      if (!result.startsWith("error:")) {
        return PartitionError.getDefaultInstance();
      }
      String[] parts = result.substring(6).split("@");
      PartitionError.Builder b = PartitionError.newBuilder().setCode(ErrorCode.valueOf(parts[0]));
      if (parts.length > 1) {
        b.setLeader(LeaderHint.newBuilder().setLeaderId(Integer.parseInt(parts[1])));
      }
      return b.build();
    }
  }

  private List<String> run(Op op) throws Exception {
    return execution.run(op, List.of(P0), Deadline.after(5, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
  }

  @Test
  void localLeaderThatLosesLeadershipIsRetriedOnTheNewLeader() throws Exception {
    FakeReplica replica = new FakeReplica(P0).leading(true);
    local.put(P0, replica);
    Op op = new Op();
    op.localOutcomes.add(() -> {
      replica.following(2);
      return CompletableFuture.failedFuture(new NotLeaderException(OptionalInt.of(2)));
    });
    op.remoteOutcomes.add("served-by-2");

    assertThat(run(op)).containsExactly("served-by-2");
    assertThat(op.calls).containsExactly("local", "remote-2");
  }

  @Test
  void notLeaderAnswerWithAHintIsFollowedToTheRealLeader() throws Exception {
    Op op = new Op();
    op.remoteOutcomes.add("error:ERROR_CODE_NOT_LEADER@3");
    op.remoteOutcomes.add("served-by-3");

    List<String> results = execution.run(op, List.of(U0), Deadline.after(5, TimeUnit.SECONDS))
        .get(10, TimeUnit.SECONDS);

    assertThat(results).containsExactly("served-by-3");
    assertThat(op.calls).containsExactly("remote-2", "remote-3");
    assertThat(cache.get(U0)).hasValue(3);
  }

  @Test
  void forwardedCallsAreAnsweredWithoutRetrying() throws Exception {
    local.put(P0, new FakeReplica(P0).following(2));
    Op op = new Op();

    List<String> results = ForwardedCalls.forwardedContext(2).call(() -> run(op));

    assertThat(results).containsExactly("error:ERROR_CODE_NOT_LEADER@2");
    assertThat(op.calls).isEmpty();
  }

  @Test
  void unknownTopicTriggersOneMetadataCatchUpBeforeAnswering() throws Exception {
    image = image(false);
    local.put(P0, new FakeReplica(P0).leading(true));
    Op op = new Op();
    op.localOutcomes.add(() -> CompletableFuture.completedFuture("served-by-1"));

    assertThat(run(op)).containsExactly("served-by-1");
    assertThat(syncs).hasValue(1);
  }

  @Test
  void leaderNotAvailableUntilTheDeadlineEndsAsThatError() throws Exception {
    local.put(P0, new FakeReplica(P0).following(-1));
    Op op = new Op();

    List<String> results = execution.run(op, List.of(P0), Deadline.after(300, TimeUnit.MILLISECONDS))
        .get(10, TimeUnit.SECONDS);

    assertThat(results).containsExactly("error:ERROR_CODE_LEADER_NOT_AVAILABLE@-1");
  }
}
