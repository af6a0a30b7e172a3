package io.strand.store.partition;

import io.strand.internal.proto.BatchResult;
import io.strand.internal.proto.PartitionCommand;
import io.strand.internal.proto.PartitionCommandResult;
import io.strand.record.RecordBatch;
import io.strand.store.error.ReplicationException;
import io.strand.store.error.ReplicationTimeoutException;
import io.strand.store.error.WriteQueueFullException;
import io.strand.store.metrics.PartitionMetrics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for one partition leader: concurrent {@link #append} calls are queued and packed, in arrival order,
 * into AppendBatches commands of up to {@code maxCommandBytes}, with at most {@code maxInFlightEntries} commands
 * proposed but not yet applied. While entries are in flight, new batches accumulate and go out together in the next
 * entry, so throughput comes from bytes per Raft entry rather than entries per second. Each caller's future
 * completes individually with its own batch's result.
 *
 * <p>Order: batches are proposed in arrival order, except that an idempotent producer's batch that arrives ahead of
 * its predecessor waits up to {@code sequenceHold} for it ({@link ProducerSequenceGate}), so that requests the
 * gRPC thread pool reordered do not fail with OUT_OF_ORDER_SEQUENCE after a full Raft round.
 *
 * <p>Back-pressure: at most {@code maxQueuedBytes} of batches wait for an entry (held batches included); beyond that, appends fail at once
 * with {@link WriteQueueFullException} (THROTTLED, retriable). A queued append that times out is dropped from the
 * queue before it is proposed; one that was proposed has an unknown outcome.
 *
 * <p>Thread-safe. Entries are proposed by one thread at a time (whoever drains the queue), in queue order, so a
 * producer's pipelined batches keep their order in the Raft log. Futures complete on the callback executor.
 */
public final class PartitionAppender implements AutoCloseable {
  /** Proposes one command through Raft; completes with its apply result or a {@link io.strand.store.error.StoreException}. */
  @FunctionalInterface
  public interface CommandSubmitter {
    CompletableFuture<PartitionCommandResult> submit(PartitionCommand command);
  }

  /**
   * Appender limits.
   *
   * @param maxCommandBytes largest encoded AppendBatches command
   * @param maxInFlightEntries commands proposed and not yet applied
   * @param maxQueuedBytes batch bytes waiting for a command before appends are rejected
   * @param sequenceHold longest wait of a producer's batch for its missing predecessor; zero disables the wait
   */
  public record Limits(int maxCommandBytes, int maxInFlightEntries, long maxQueuedBytes, Duration sequenceHold) {
    public Limits {
      if (maxCommandBytes <= 0 || maxInFlightEntries <= 0 || maxQueuedBytes <= 0) {
        throw new IllegalArgumentException("limits must be positive: " + maxCommandBytes + ", "
            + maxInFlightEntries + ", " + maxQueuedBytes);
      }
      if (sequenceHold == null || sequenceHold.isNegative()) {
        throw new IllegalArgumentException("sequenceHold must be zero or positive, got " + sequenceHold);
      }
    }
  }

  /** Producers whose next sequence a partition leader remembers for {@link ProducerSequenceGate}. */
  private static final int GATE_PRODUCERS = 1024;

  private final String name;
  private final Limits limits;
  private final CommandSubmitter submitter;
  private final Clock clock;
  private final Executor callbackExecutor;
  private final ScheduledExecutorService scheduler;
  private final PartitionMetrics metrics;

  private final Object lock = new Object();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final ProducerSequenceGate<Pending> gate = new ProducerSequenceGate<>(GATE_PRODUCERS);
  private long queuedBytes;
  private int inFlight;
  private boolean draining;
  private boolean closed;

  public PartitionAppender(String name, Limits limits, CommandSubmitter submitter, Clock clock,
                           Executor callbackExecutor, ScheduledExecutorService scheduler, PartitionMetrics metrics) {
    this.name = name;
    this.limits = limits;
    this.submitter = submitter;
    this.clock = clock;
    this.callbackExecutor = callbackExecutor;
    this.scheduler = scheduler;
    this.metrics = metrics;
  }

  /**
   * Queues one validated batch for the next entry. The buffer must not change until the future completes.
   *
   * @throws IllegalArgumentException if the batch alone cannot fit in an entry (callers validate sizes first)
   */
  public CompletableFuture<AppendResult> append(ByteBuffer batch, Duration timeout) {
    int encoded = PartitionCommandCodec.encodedBatchBytes(batch.remaining());
    if (PartitionCommandCodec.encodedAppendBytes(encoded) > limits.maxCommandBytes()) {
      throw new IllegalArgumentException("batch of " + batch.remaining() + " bytes cannot fit in an entry of "
          + limits.maxCommandBytes() + " bytes");
    }
    Pending pending = new Pending(batch, encoded, System.nanoTime());
    pending.timeout = scheduler.schedule(() -> callbackExecutor.execute(() -> pending.fail(
        new ReplicationTimeoutException(name + ": append not acknowledged within " + timeout.toMillis()
            + " ms; the outcome is unknown"))), timeout.toNanos(), TimeUnit.NANOSECONDS);
    RuntimeException rejection = null;
    boolean parked = false;
    synchronized (lock) {
      if (closed) {
        rejection = new ReplicationException(name + ": appender is closed", null);
      } else if (queuedBytes + batch.remaining() > limits.maxQueuedBytes()) {
        rejection = new WriteQueueFullException(name + ": " + queuedBytes + " bytes are already waiting for "
            + "replication (limit " + limits.maxQueuedBytes() + "); retry later");
      } else {
        queuedBytes += batch.remaining();
        List<Pending> released = limits.sequenceHold().isZero() ? List.of(pending)
            : gate.admit(pending, pending.producerId, pending.producerEpoch, pending.firstSequence,
                pending.lastSequence);
        queue.addAll(released);
        parked = released.isEmpty();
      }
    }
    if (rejection != null) {
      pending.timeout.cancel(false);
      return CompletableFuture.failedFuture(rejection);
    }
    if (parked) {
      scheduler.schedule(() -> callbackExecutor.execute(() -> holdExpired(pending)),
          limits.sequenceHold().toNanos(), TimeUnit.NANOSECONDS);
    } else {
      drain();
    }
    return pending.future.copy();
  }

  /** A held batch's predecessor did not arrive in time: queue it anyway (apply will judge its sequence). */
  private void holdExpired(Pending pending) {
    synchronized (lock) {
      queue.addAll(gate.expire(pending, pending.producerId, pending.firstSequence));
    }
    drain();
  }

  /** Bytes of batches waiting for an entry. */
  public long queuedBytes() {
    synchronized (lock) {
      return queuedBytes;
    }
  }

  /** Fails every queued (not yet proposed) append, e.g. when this replica lost leadership. */
  public void failQueued(RuntimeException cause) {
    List<Pending> failed;
    synchronized (lock) {
      failed = new ArrayList<>(queue);
      failed.addAll(gate.clear());
      queue.clear();
      queuedBytes = 0;
    }
    failed.forEach(p -> p.fail(cause));
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    failQueued(new ReplicationException(name + ": replica closed", null));
  }

  private void drain() {
    while (true) {
      List<Pending> entry;
      synchronized (lock) {
        if (draining || inFlight >= limits.maxInFlightEntries() || queue.isEmpty()) {
          return;
        }
        entry = takeEntryLocked();
        if (entry.isEmpty()) {
          continue;
        }
        draining = true;
        inFlight++;
      }
      try {
        propose(entry);
      } finally {
        synchronized (lock) {
          draining = false;
        }
      }
    }
  }

  /** Removes batches from the head of the queue while they fit in one command; skips timed-out ones. */
  private List<Pending> takeEntryLocked() {
    List<Pending> entry = new ArrayList<>();
    int encodedBytes = 0;
    while (!queue.isEmpty()) {
      Pending next = queue.peekFirst();
      if (!next.future.isDone() && !entry.isEmpty()
          && PartitionCommandCodec.encodedAppendBytes(encodedBytes + next.encodedBytes) > limits.maxCommandBytes()) {
        break;
      }
      queue.removeFirst();
      queuedBytes -= next.batch.remaining();
      if (!next.future.isDone()) {
        entry.add(next);
        encodedBytes += next.encodedBytes;
      }
    }
    return entry;
  }

  private void propose(List<Pending> entry) {
    List<ByteBuffer> batches = new ArrayList<>(entry.size());
    int encodedBytes = 0;
    for (Pending p : entry) {
      batches.add(p.batch);
      encodedBytes += p.encodedBytes;
    }
    metrics.entryProposed(entry.size(), PartitionCommandCodec.encodedAppendBytes(encodedBytes));
    CompletableFuture<PartitionCommandResult> applied;
    try {
      applied = submitter.submit(PartitionCommandCodec.appendBatches(batches, clock.millis()));
    } catch (RuntimeException e) {
      applied = CompletableFuture.failedFuture(e);
    }
    applied.whenCompleteAsync((result, error) -> entryDone(entry, result, error), callbackExecutor);
  }

  private void entryDone(List<Pending> entry, PartitionCommandResult result, Throwable error) {
    synchronized (lock) {
      inFlight--;
    }
    if (error == null && result.getBatchResultsCount() != entry.size()) {
      error = new ReplicationException(name + ": apply returned " + result.getBatchResultsCount()
          + " results for " + entry.size() + " batches", null);
    }
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      entry.forEach(p -> p.fail(cause));
    } else {
      for (int i = 0; i < entry.size(); i++) {
        BatchResult r = result.getBatchResults(i);
        entry.get(i).complete(new AppendResult(r.getBaseOffset(), r.getLastOffset(), r.getAppendTimeMs(),
            result.getLogStartOffset(), r.getError(), r.getErrorMessage()));
      }
    }
    drain();
  }

  /** One queued append. */
  private final class Pending {
    final ByteBuffer batch;
    final int encodedBytes;
    final long startNanos;
    final long producerId;
    final short producerEpoch;
    final int firstSequence;
    final int lastSequence;
    final CompletableFuture<AppendResult> future = new CompletableFuture<>();
    volatile ScheduledFuture<?> timeout;

    Pending(ByteBuffer batch, int encodedBytes, long startNanos) {
      this.batch = batch;
      this.encodedBytes = encodedBytes;
      this.startNanos = startNanos;
      RecordBatch header = RecordBatch.wrap(batch.duplicate());
      this.producerId = header.producerId();
      this.producerEpoch = header.producerEpoch();
      this.firstSequence = header.baseSequence();
      this.lastSequence = header.lastSequence();
    }

    void complete(AppendResult result) {
      if (future.complete(result)) {
        finished();
      }
    }

    void fail(Throwable cause) {
      if (future.completeExceptionally(cause)) {
        finished();
      }
    }

    private void finished() {
      ScheduledFuture<?> t = timeout;
      if (t != null) {
        t.cancel(false);
      }
      metrics.appendCompleted(Duration.ofNanos(System.nanoTime() - startNanos));
    }
  }
}
