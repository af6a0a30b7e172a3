package io.strand.store.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.OffsetsLogEntry;
import io.strand.store.offsets.HeartbeatRequest.Subscription;
import io.strand.store.offsets.OffsetCommitRequest.PartitionOffset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OffsetsCoordinatorRuntimeTest {
  private static final TopicsView TOPICS = TopicsView.of(Map.of("t", 4));

  /** A Raft log the test commits by hand: entries wait until {@link #commitNext()} applies them. */
  private static final class ManualLog implements OffsetsCoordinatorRuntime.Proposer {
    final CoordinatorState committed = new CoordinatorState();
    final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    final AtomicInteger entries = new AtomicInteger();

    record Pending(OffsetsLogEntry entry, CompletableFuture<Boolean> done) {}

    @Override
    public CompletableFuture<Boolean> propose(OffsetsLogEntry entry) {
      CompletableFuture<Boolean> done = new CompletableFuture<>();
      pending.add(new Pending(entry, done));
      entries.incrementAndGet();
      return done;
    }

    void commitNext() {
      await().until(() -> !pending.isEmpty());
      Pending p = pending.poll();
      synchronized (committed) {
        committed.applyAll(p.entry().getRecordsList());
      }
      p.done().complete(true);
    }

    void failNext() {
      await().until(() -> !pending.isEmpty());
      pending.poll().done().completeExceptionally(new IllegalStateException("leader lost"));
    }
  }

  private final ManualLog log = new ManualLog();
  private final MutableClock clock = new MutableClock(1_000_000);
  private final AtomicInteger failures = new AtomicInteger();
  private final OffsetsConfig config = OffsetsConfig.builder().minSessionTimeoutMs(100).sessionTimeoutMs(1000)
      .heartbeatIntervalMs(100).build();
  private final OffsetsCoordinatorRuntime runtime = new OffsetsCoordinatorRuntime("offsets-test",
      new GroupCoordinator(config), TOPICS, clock, log, Duration.ofMillis(5), failures::incrementAndGet);

  @AfterEach
  void close() {
    runtime.close();
  }

  private void activate() {
    runtime.activate(7, log.committed.copy());
    await().until(runtime::isActive);
  }

  @Test
  void inactiveRuntimeRefusesWithNotCoordinator() {
    CompletableFuture<HeartbeatResponse> r = runtime.heartbeat(HeartbeatRequest.join("g", "m", Subscription.topics("t")));
    assertThat(r).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(CoordinatorUnavailableException.class,
            e -> assertThat(e.error()).isEqualTo(ErrorCode.ERROR_CODE_NOT_COORDINATOR));
  }

  @Test
  void responsesWaitForCommitAndQueuedRequestsShareOneEntry() throws Exception {
    activate();
    CompletableFuture<HeartbeatResponse> join = runtime.heartbeat(HeartbeatRequest.join("g", "a", Subscription.topics("t")));
    await().until(() -> log.entries.get() == 1);
    assertThat(join).isNotDone();
    assertThat(log.pending.peek().entry().getCoordinatorTerm()).isEqualTo(7);

    CompletableFuture<OffsetCommitResponse> c1 = runtime.commitOffsets(OffsetCommitRequest.simple("h",
        List.of(PartitionOffset.of("t", 0, 5))));
    CompletableFuture<OffsetCommitResponse> c2 = runtime.commitOffsets(OffsetCommitRequest.simple("h",
        List.of(PartitionOffset.of("t", 1, 6))));
    // A request that writes nothing still waits: its answer depends on the uncommitted join.
    CompletableFuture<OffsetCommitResponse> none = runtime.commitOffsets(OffsetCommitRequest.simple("h",
        List.of(PartitionOffset.of("unknown", 0, 1))));

    log.commitNext();
    HeartbeatResponse joined = join.get();
    assertThat(joined.memberEpoch()).isEqualTo(1);
    assertThat(c1).isNotDone();
    assertThat(none).isNotDone();

    await().until(() -> log.entries.get() == 2);
    assertThat(log.pending.peek().entry().getRecordsCount()).as("both commits in one entry").isEqualTo(3);
    log.commitNext();
    assertThat(c1.get().firstError()).isEmpty();
    assertThat(c2.get().firstError()).isEmpty();
    assertThat(none.get().firstError()).contains(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC);
    assertThat(log.committed.offsets().offsets("h")).hasSize(2);
  }

  @Test
  void aFailedProposalFailsEveryWaiterAndDeactivates() {
    activate();
    CompletableFuture<HeartbeatResponse> join = runtime.heartbeat(HeartbeatRequest.join("g", "a", Subscription.topics("t")));
    CompletableFuture<OffsetCommitResponse> queued = runtime.commitOffsets(OffsetCommitRequest.simple("h",
        List.of(PartitionOffset.of("t", 0, 5))));
    log.failNext();

    for (CompletableFuture<?> f : List.of(join, queued)) {
      assertThat(f).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOfSatisfying(CoordinatorUnavailableException.class,
              e -> assertThat(e.error()).isEqualTo(ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE));
    }
    await().until(() -> failures.get() == 1);
    assertThat(runtime.isActive()).isFalse();
    assertThat(log.committed.groups().groups()).isEmpty();
  }

  @Test
  void silentMembersAreEvictedAfterTheirSessionTimeout() throws Exception {
    activate();
    CompletableFuture<HeartbeatResponse> a = runtime.heartbeat(
        HeartbeatRequest.join("g", "a", Subscription.topics("t")).withSessionTimeoutMs(500));
    log.commitNext();
    CompletableFuture<HeartbeatResponse> b = runtime.heartbeat(
        HeartbeatRequest.join("g", "b", Subscription.topics("t")).withSessionTimeoutMs(500));
    log.commitNext();
    a.get();
    b.get();

    clock.advance(400);
    CompletableFuture<HeartbeatResponse> keepAlive = runtime.heartbeat(
        HeartbeatRequest.heartbeat("g", "a", a.get().memberEpoch(), a.get().assignment()));
    await().until(() -> keepAlive.isDone() || !log.pending.isEmpty());
    if (!keepAlive.isDone()) {
      log.commitNext();
    }
    keepAlive.get();
    clock.advance(200); // b silent for 600 ms > 500, a for 200 ms

    log.commitNext();
    synchronized (log.committed) {
      ConsumerGroup g = log.committed.groups().group("g").orElseThrow();
      assertThat(g.members()).containsOnlyKeys("a");
      assertThat(g.targetAssignment("a").size()).isEqualTo(4);
    }
  }

  @Test
  void reactivationStartsFromTheCommittedState() throws Exception {
    activate();
    CompletableFuture<OffsetCommitResponse> c = runtime.commitOffsets(OffsetCommitRequest.simple("h",
        List.of(PartitionOffset.of("t", 0, 5))));
    log.commitNext();
    c.get();
    runtime.deactivate();
    await().until(() -> !runtime.isActive());

    runtime.activate(8, log.committed.copy());
    await().until(runtime::isActive);
    CompletableFuture<OffsetCommitResponse> lower = runtime.commitOffsets(OffsetCommitRequest.simple("h",
        List.of(PartitionOffset.of("t", 0, 3))));
    assertThat(lower.get().partitions().get(0).committedOffset()).isEqualTo(5);
  }
}
