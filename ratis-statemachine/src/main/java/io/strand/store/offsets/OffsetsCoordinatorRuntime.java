package io.strand.store.offsets;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.OffsetsLogEntry;
import io.strand.internal.proto.OffsetsRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the group coordinator of one offsets partition while this node leads it (Kafka's CoordinatorRuntime, cut to
 * one shard). One coordinator thread owns a speculative copy of the partition's state: each request runs a {@link
 * GroupCoordinator} handler against it, its records are applied to the copy at once (so the next request sees
 * them) and queued for the Raft log. At most one entry is in flight; records queued meanwhile form the next entry
 * (group commit). A response is released only when every record it could depend on is committed, so no client ever
 * sees state a failover could lose. If a proposal fails, the copy is discarded and every waiting request fails with
 * COORDINATOR_NOT_AVAILABLE; the owner re-activates the runtime from the committed state.
 *
 * <p>The same thread runs the leader-local timers (session and revocation deadlines, offsets retention) and
 * proposes evictions and expiry as ordinary records.
 *
 * <p>Thread-safe: public methods may be called from any thread; all work happens on the coordinator thread.
 */
public final class OffsetsCoordinatorRuntime implements AutoCloseable {
  /** Upper bound on one Raft entry's records, far below the Raft appender's byte limit. */
  static final int MAX_ENTRY_BYTES = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(OffsetsCoordinatorRuntime.class);

  /** Appends an entry to the offsets partition's Raft log. */
  @FunctionalInterface
  public interface Proposer {
    /**
     * Proposes {@code entry}.
     *
     * @return completes once the entry is committed and applied on this node: true if its records were applied,
     *     false if apply skipped them (the entry's coordinator term was not the Raft term it landed in);
     *     completes exceptionally if the entry could not be appended (for example, leadership was lost)
     */
    CompletableFuture<Boolean> propose(OffsetsLogEntry entry);
  }

  private final String name;
  private final GroupCoordinator coordinator;
  private final TopicsView topics;
  private final Clock clock;
  private final Proposer proposer;
  private final Runnable onFailure;
  private final ScheduledExecutorService executor;
  private final MemberTimers timers = new MemberTimers();

  // Owned by the coordinator thread.
  private CoordinatorState state;
  private long term = -1;
  private long nextRetentionCheckMs;
  private Batch inFlight;
  private final ArrayDeque<Batch> queued = new ArrayDeque<>();
  private volatile boolean active;

  private static final class Batch {
    final List<OffsetsRecord> records = new ArrayList<>();
    final CompletableFuture<Void> committed = new CompletableFuture<>();
    int bytes;
  }

  /**
   * Creates an inactive runtime with its own coordinator thread.
   *
   * @param name thread and log name, for example {@code offsets-3}
   * @param topics the live view of the cluster's topics
   * @param tickInterval how often timers are checked
   * @param onFailure called on the coordinator thread after a proposal failed and the runtime deactivated itself
   */
  public OffsetsCoordinatorRuntime(String name, GroupCoordinator coordinator, TopicsView topics, Clock clock,
      Proposer proposer, Duration tickInterval, Runnable onFailure) {
    this.name = name;
    this.coordinator = coordinator;
    this.topics = topics;
    this.clock = clock;
    this.proposer = proposer;
    this.onFailure = onFailure;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-coordinator");
      t.setDaemon(true);
      return t;
    });
    long tick = tickInterval.toMillis();
    executor.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Whether the runtime serves requests (this node leads and has loaded the state). */
  public boolean isActive() {
    return active;
  }

  /**
   * Starts serving from {@code committed}, a private copy of the applied state after every entry of earlier terms.
   *
   * @param leaderTerm the Raft term this leadership holds; written into every entry so stale ones are fenced
   */
  public void activate(long leaderTerm, CoordinatorState committed) {
    execute(() -> {
      failAll(ErrorCode.ERROR_CODE_NOT_COORDINATOR, "coordinator restarted for term " + leaderTerm);
      long now = clock.millis();
      state = committed;
      term = leaderTerm;
      timers.reset(state, now);
      nextRetentionCheckMs = now + coordinator.config().offsetsRetentionCheckIntervalMs();
      active = true;
      LOG.info("{}: coordinating {} groups in term {}", name, state.groups().groups().size(), leaderTerm);
    });
  }

  /** Stops serving; every waiting request fails with NOT_COORDINATOR. */
  public void deactivate() {
    execute(() -> {
      if (active) {
        LOG.info("{}: no longer coordinator (term {})", name, term);
      }
      failAll(ErrorCode.ERROR_CODE_NOT_COORDINATOR, "this node no longer coordinates these groups");
    });
  }

  public CompletableFuture<HeartbeatResponse> heartbeat(HeartbeatRequest request) {
    return submit((s, now) -> coordinator.heartbeat(s, request, topics, now), (response, now) -> {
      state.groups().group(request.groupId()).ifPresent(g -> {
        if (response.isSuccess() && response.memberEpoch() >= 0) {
          g.member(request.memberId()).ifPresent(m -> timers.heartbeat(g.groupId(), m, now));
        }
        timers.sync(g, now);
      });
    });
  }

  public CompletableFuture<OffsetCommitResponse> commitOffsets(OffsetCommitRequest request) {
    return submit((s, now) -> coordinator.commitOffsets(s, request, topics, now), (r, now) -> { });
  }

  public CompletableFuture<GroupOperationResult> resetOffsets(String groupId, Map<TopicPartition, Long> offsets) {
    return submit((s, now) -> coordinator.resetOffsets(s, groupId, offsets, topics, now), (r, now) -> { });
  }

  public CompletableFuture<GroupOperationResult> deleteGroup(String groupId) {
    return submit((s, now) -> coordinator.deleteGroup(s, groupId), (r, now) -> timers.forgetGroup(groupId));
  }

  /** Stops the coordinator thread; waiting requests fail. */
  @Override
  public void close() {
    deactivate();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** A handler run on the coordinator thread. */
  @FunctionalInterface
  private interface Handler<R> {
    CoordinatorResult<R> run(CoordinatorState state, long nowMs);
  }

  /** Leader-local bookkeeping after a handler's records were applied to the speculative state. */
  @FunctionalInterface
  private interface AfterApply<R> {
    void accept(R response, long nowMs);
  }

  private <R> CompletableFuture<R> submit(Handler<R> handler, AfterApply<R> after) {
    CompletableFuture<R> response = new CompletableFuture<>();
    boolean accepted = execute(() -> {
      if (!active) {
        response.completeExceptionally(notCoordinator());
        return;
      }
      long now = clock.millis();
      CoordinatorResult<R> result;
      try {
        result = handler.run(state, now);
        state.applyAll(result.records());
        after.accept(result.response(), now);
      } catch (RuntimeException e) {
        response.completeExceptionally(e);
        throw e;
      }
      enqueue(result.records()).whenComplete((v, err) -> {
        if (err != null) {
          response.completeExceptionally(err);
        } else {
          response.complete(result.response());
        }
      });
    });
    if (!accepted) {
      response.completeExceptionally(new CoordinatorUnavailableException(
          ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE, name + " is shut down"));
    }
    return response;
  }

  /** Queues records; returns the future of the entry that makes everything applied so far durable. */
  private CompletableFuture<Void> enqueue(List<OffsetsRecord> records) {
    if (records.isEmpty()) {
      Batch last = queued.peekLast() != null ? queued.peekLast() : inFlight;
      return last == null ? CompletableFuture.completedFuture(null) : last.committed;
    }
    int size = records.stream().mapToInt(OffsetsRecord::getSerializedSize).sum();
    Batch b = queued.peekLast();
    if (b == null || b.bytes + size > MAX_ENTRY_BYTES) {
      b = new Batch();
      queued.add(b);
    }
    b.records.addAll(records);
    b.bytes += size;
    sendNext();
    return b.committed;
  }

  private void sendNext() {
    if (inFlight != null || queued.isEmpty()) {
      return;
    }
    Batch sent = queued.poll();
    inFlight = sent;
    OffsetsLogEntry entry = OffsetsLogEntry.newBuilder()
        .setCoordinatorTerm(term)
        .setProposedAtMs(clock.millis())
        .addAllRecords(sent.records)
        .build();
    proposer.propose(entry).whenComplete((applied, err) ->
        execute(() -> onProposed(sent, err == null && Boolean.TRUE.equals(applied), err)));
  }

  private void onProposed(Batch sent, boolean applied, Throwable err) {
    if (sent != inFlight) {
      return;
    }
    if (!applied) {
      LOG.warn("{}: proposal in term {} failed; dropping uncommitted state", name, term, err);
      failAll(ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE, "the coordinator lost a write"
          + (err == null ? " (fenced by a newer term)" : ": " + err));
      onFailure.run();
      return;
    }
    inFlight = null;
    sent.committed.complete(null);
    sendNext();
  }

  private void tick() {
    if (!active) {
      return;
    }
    long now = clock.millis();
    for (MemberTimers.Expiry e : timers.due(now)) {
      CoordinatorResult<HeartbeatResponse> r = e.reason() == MemberTimers.Reason.SESSION
          ? coordinator.expireSession(state, e.groupId(), e.memberId(), topics, now)
          : coordinator.expireRevocation(state, e.groupId(), e.memberId(), e.memberEpoch(), topics, now);
      if (!r.records().isEmpty()) {
        LOG.info("{}: evicting member {} of group {} ({} timeout)", name, e.memberId(), e.groupId(), e.reason());
      }
      state.applyAll(r.records());
      state.groups().group(e.groupId()).ifPresentOrElse(g -> timers.sync(g, now),
          () -> timers.forgetGroup(e.groupId()));
      enqueue(r.records());
    }
    if (now >= nextRetentionCheckMs) {
      nextRetentionCheckMs = now + coordinator.config().offsetsRetentionCheckIntervalMs();
      CoordinatorResult<Integer> r = coordinator.expireOffsets(state, now);
      if (r.response() > 0) {
        LOG.info("{}: expiring {} committed offsets", name, r.response());
      }
      state.applyAll(r.records());
      enqueue(r.records());
    }
  }

  private void failAll(ErrorCode error, String message) {
    active = false;
    state = null;
    CoordinatorUnavailableException e = new CoordinatorUnavailableException(error, name + ": " + message);
    if (inFlight != null) {
      inFlight.committed.completeExceptionally(e);
      inFlight = null;
    }
    queued.forEach(b -> b.committed.completeExceptionally(e));
    queued.clear();
  }

  private CoordinatorUnavailableException notCoordinator() {
    return new CoordinatorUnavailableException(ErrorCode.ERROR_CODE_NOT_COORDINATOR,
        name + " is not the coordinator of its groups on this node");
  }

  /** Runs on the coordinator thread; false if the runtime is shut down. */
  private boolean execute(Runnable task) {
    try {
      executor.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("{}: coordinator task failed; deactivating", name, e);
          failAll(ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE, "internal error: " + e);
          onFailure.run();
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }
}
