package io.strand.client.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.CommittedOffset;
import io.strand.api.v1.ConsumerGroupHeartbeatRequest;
import io.strand.api.v1.ConsumerGroupHeartbeatResponse;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchOffsetsRequest;
import io.strand.api.v1.FetchOffsetsResponse;
import io.strand.api.v1.GroupServiceGrpc;
import io.strand.api.v1.TopicPartitions;
import io.strand.client.ClientConfig;
import io.strand.client.TopicPartition;
import io.strand.client.consumer.ConsumerRebalanceListener;
import io.strand.client.internal.ClientRuntime;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One member's side of the group protocol against a scripted coordinator (an in-process gRPC GroupService with
 * direct executors, so every call completes inside {@code maybeHeartbeat}): joining, incremental revocation
 * acknowledged only after commit and callback, fencing, leaving, and transient failures.
 */
class GroupMembershipTest {

  private static final String GROUP = "g";
  private static final String TOPIC = "t";

  private final String serverName = InProcessServerBuilder.generateName();
  private final AtomicLong now = new AtomicLong(1_000);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<ConsumerGroupHeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
  private final Queue<Consumer<StreamObserver<ConsumerGroupHeartbeatResponse>>> answers = new ArrayDeque<>();
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private Server server;
  private ClientRuntime runtime;
  private GroupMembership membership;

  @BeforeEach
  void start() throws IOException {
    server = InProcessServerBuilder.forName(serverName).directExecutor()
        .addService(new GroupServiceGrpc.GroupServiceImplBase() {
          @Override
          public void consumerGroupHeartbeat(ConsumerGroupHeartbeatRequest request,
                                             StreamObserver<ConsumerGroupHeartbeatResponse> responses) {
            heartbeats.add(request);
            events.add("heartbeat epoch=" + request.getMemberEpoch() + " owned=" + owned(request));
            Consumer<StreamObserver<ConsumerGroupHeartbeatResponse>> answer = answers.poll();
            if (answer == null) {
              responses.onError(Status.INTERNAL.withDescription("no answer scripted").asRuntimeException());
            } else {
              answer.accept(responses);
            }
          }

          @Override
          public void fetchOffsets(FetchOffsetsRequest request, StreamObserver<FetchOffsetsResponse> responses) {
            FetchOffsetsResponse.Builder b = FetchOffsetsResponse.newBuilder();
            request.getPartitionsList().forEach(tps -> tps.getPartitionsList().forEach(p -> b.addOffsets(
                CommittedOffset.newBuilder().setTopic(tps.getTopic()).setPartition(p).setOffset(p == 0 ? 42 : -1))));
            responses.onNext(b.build());
            responses.onCompleted();
          }
        }).build().start();
    // A 1 ms API budget: GroupCalls gives up after one attempt, so every scripted answer is consumed exactly once.
    ClientConfig config = ClientConfig.from(Map.of("bootstrap.servers", "localhost:1", "retry.backoff.ms", "50",
        "default.api.timeout.ms", "1"));
    runtime = new ClientRuntime(config, e -> InProcessChannelBuilder.forName(serverName).directExecutor().build(),
        now::get, Clock.systemUTC());
    membership = new GroupMembership(runtime, GROUP, 3000, tasks::add, new RecordingAssignee());
    membership.subscribe(List.of(TOPIC), null, new RecordingListener());
  }

  @AfterEach
  void stop() {
    runtime.close();
    server.shutdownNow();
  }

  @Test
  void joinsWithItsSubscriptionAndTakesTheAssignmentFromTheCommittedOffsets() {
    answers.add(ok(1, 0, 1));
    beat();

    ConsumerGroupHeartbeatRequest join = heartbeats.get(0);
    assertThat(join.getMemberEpoch()).isZero();
    assertThat(join.getSubscriptionChanged()).isTrue();
    assertThat(join.getSubscribedTopicNamesList()).containsExactly(TOPIC);
    assertThat(join.getSessionTimeoutMs()).isEqualTo(3000);
    assertThat(events).containsExactly("heartbeat epoch=0 owned=[]", "add [t-0, t-1] from {t-0=42}",
        "assigned [t-0, t-1]");
    assertThat(membership.epoch()).isEqualTo(1);

    // Next heartbeat only after the interval the coordinator asked for, without the subscription.
    membership.maybeHeartbeat();
    assertThat(heartbeats).hasSize(1);
    now.addAndGet(1000);
    answers.add(ok(1, 0, 1));
    beat();
    assertThat(heartbeats.get(1).getMemberEpoch()).isEqualTo(1);
    assertThat(heartbeats.get(1).getSubscriptionChanged()).isFalse();
  }

  @Test
  void aRevocationIsCommittedAndCalledBackBeforeTheNextHeartbeatAcknowledgesIt() {
    answers.add(ok(1, 0, 1));
    beat();
    events.clear();

    now.addAndGet(1000);
    answers.add(ok(2, 1));
    beat();
    // The acknowledgement goes out at once, not after the interval.
    answers.add(ok(2, 1));
    beat();

    assertThat(events).containsExactly("heartbeat epoch=1 owned=[t-0, t-1]", "commit [t-0]", "revoked [t-0]",
        "remove [t-0]", "heartbeat epoch=2 owned=[t-1]");
    assertThat(membership.owned()).containsExactly(new TopicPartition(TOPIC, 1));
  }

  @Test
  void aFencedMemberDropsItsPartitionsWithoutCommittingAndRejoins() {
    answers.add(ok(1, 0, 1));
    beat();
    events.clear();

    now.addAndGet(1000);
    answers.add(r -> {
      r.onNext(ConsumerGroupHeartbeatResponse.newBuilder().setError(ErrorCode.ERROR_CODE_STALE_MEMBER_EPOCH)
          .setMemberEpoch(-1).build());
      r.onCompleted();
    });
    beat();
    answers.add(ok(4, 1));
    beat();

    assertThat(events).containsExactly("heartbeat epoch=1 owned=[t-0, t-1]", "revoked [t-0, t-1]",
        "remove [t-0, t-1]", "heartbeat epoch=0 owned=[]", "add [t-1] from {}", "assigned [t-1]");
    assertThat(heartbeats.get(2).getSubscriptionChanged()).as("a rejoin resends the subscription").isTrue();
    assertThat(membership.epoch()).isEqualTo(4);
  }

  @Test
  void aFailedHeartbeatKeepsThePartitionsAndIsRetriedAfterTheBackoff() {
    answers.add(ok(1, 0, 1));
    beat();
    events.clear();

    now.addAndGet(1000);
    answers.add(r -> r.onError(Status.INTERNAL.withDescription("coordinator moving").asRuntimeException()));
    beat();
    assertThat(membership.owned()).hasSize(2);
    membership.maybeHeartbeat();
    assertThat(heartbeats).as("backing off").hasSize(2);

    now.addAndGet(50);
    answers.add(ok(1, 0, 1));
    beat();
    assertThat(events).containsExactly("heartbeat epoch=1 owned=[t-0, t-1]", "heartbeat epoch=1 owned=[t-0, t-1]");
  }

  @Test
  void leavingCommitsRevokesAndTellsTheCoordinatorOnce() {
    answers.add(ok(1, 0, 1));
    beat();
    events.clear();

    answers.add(ok(-1));
    membership.leave(true);
    membership.leave(true);
    now.addAndGet(60_000);
    membership.maybeHeartbeat();

    assertThat(events).containsExactly("commit [t-0, t-1]", "revoked [t-0, t-1]", "remove [t-0, t-1]",
        "heartbeat epoch=-1 owned=[]");
    assertThat(membership.isActive()).isFalse();
    assertThat(membership.epoch()).isZero();
  }

  /** Sends a heartbeat if due and runs the answer the way the polling thread would. */
  private void beat() {
    membership.maybeHeartbeat();
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
  }

  private static Consumer<StreamObserver<ConsumerGroupHeartbeatResponse>> ok(int epoch, int... partitions) {
    return r -> {
      ConsumerGroupHeartbeatResponse.Builder b = ConsumerGroupHeartbeatResponse.newBuilder()
          .setError(ErrorCode.ERROR_CODE_NONE).setMemberEpoch(epoch).setHeartbeatIntervalMs(1000);
      if (partitions.length > 0) {
        TopicPartitions.Builder tps = TopicPartitions.newBuilder().setTopic(TOPIC);
        for (int p : partitions) {
          tps.addPartitions(p);
        }
        b.addAssignment(tps);
      }
      r.onNext(b.build());
      r.onCompleted();
    };
  }

  private static List<String> owned(ConsumerGroupHeartbeatRequest request) {
    List<String> out = new ArrayList<>();
    request.getOwnedPartitionsList().forEach(tps -> tps.getPartitionsList().forEach(p -> out.add(tps.getTopic()
        + "-" + p)));
    return out;
  }

  private static String names(Collection<TopicPartition> partitions) {
    return partitions.stream().map(tp -> tp.topic() + "-" + tp.partition()).sorted().toList().toString();
  }

  private final class RecordingAssignee implements GroupMembership.Assignee {
    @Override
    public void addPartitions(Collection<TopicPartition> partitions, Map<TopicPartition, Long> committed) {
      Map<String, Long> byName = new java.util.TreeMap<>();
      committed.forEach((tp, o) -> byName.put(tp.topic() + "-" + tp.partition(), o));
      events.add("add " + names(partitions) + " from " + byName);
    }

    @Override
    public void removePartitions(Collection<TopicPartition> partitions) {
      events.add("remove " + names(partitions));
    }

    @Override
    public void commitBeforeRevocation(Collection<TopicPartition> partitions) {
      events.add("commit " + names(partitions));
    }

    @Override
    public <T> T await(CompletableFuture<T> future, String what) {
      return future.join();
    }
  }

  private final class RecordingListener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      events.add("revoked " + names(partitions));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      events.add("assigned " + names(partitions));
    }
  }
}
