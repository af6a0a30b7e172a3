package io.strand.client.internal.producer;

import io.strand.client.TopicPartition;
import io.strand.record.CompressionType;
import io.strand.record.Header;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Per-partition queues of {@link ProducerBatch}es between {@code send()} and the sender thread, bounded by
 * the producer's {@link MemoryBudget}. A partition's head batch is ready to drain once it is full, has
 * lingered {@code linger.ms}, a flush or close is in progress, someone waits for buffer memory, or (for a
 * retry) its back-off has passed. Retried batches go back to the front in creation order, so a partition's
 * batches always leave in the order they were created.
 *
 * <p>Not API. Thread-safe: queues and flags are guarded by {@code this}; memory waits happen outside it.
 */
final class RecordAccumulator {

  /** Decides, on the sender thread, whether a ready head batch may leave now (in-flight limits, leader). */
  @FunctionalInterface
  interface DrainGate {
    boolean mayDrain(TopicPartition tp, ProducerBatch head);
  }

  /**
   * What one drain produced.
   *
   * @param batches at most one batch per partition, removed from its queue
   * @param nextCheckDelayMs when a not-yet-ready head becomes ready (Long.MAX_VALUE if none)
   * @param blocked whether some ready head was held back by the gate
   */
  record Drained(List<ProducerBatch> batches, long nextCheckDelayMs, boolean blocked) {}

  private final MemoryBudget memory;
  private final int batchSizeBytes;
  private final long lingerMs;
  private final CompressionType compression;
  private final Runnable wakeSender;
  private final Map<TopicPartition, Deque<ProducerBatch>> queues = new HashMap<>();
  private final Set<ProducerBatch> incomplete = new LinkedHashSet<>();
  private long nextBatchId;
  private int flushesInProgress;
  private boolean closed;

  /**
   * @param memory the buffer budget
   * @param batchSizeBytes {@code batch.size}
   * @param lingerMs {@code linger.ms}
   * @param compression batch codec
   * @param wakeSender wakes the sender thread (called outside any lock)
   */
  RecordAccumulator(MemoryBudget memory, int batchSizeBytes, long lingerMs, CompressionType compression,
                    Runnable wakeSender) {
    this.memory = memory;
    this.batchSizeBytes = batchSizeBytes;
    this.lingerMs = lingerMs;
    this.compression = compression;
    this.wakeSender = wakeSender;
  }

  /**
   * Appends a record to its partition's open batch, or a new one; reserves its size from the budget first
   * (blocking up to {@code maxBlockMs}).
   *
   * @return whether the append made a batch ready (new batch or full batch), for tests and stickiness
   */
  boolean append(TopicPartition tp, long nowMs, long timestampMs, byte[] key, byte[] value, List<Header> headers,
                 ProducerBatch.Thunk thunk, long maxBlockMs) {
    int estimate = RecordSizes.upperBound(key, value, headers);
    if (memory.hasWaiters() || memory.availableBytes() < estimate) {
      wakeSender.run();
    }
    memory.reserve(estimate, maxBlockMs);
    boolean wake;
    synchronized (this) {
      if (closed) {
        memory.release(estimate);
        throw new IllegalStateException("cannot send after the producer is closed");
      }
      Deque<ProducerBatch> queue = queues.computeIfAbsent(tp, k -> new ArrayDeque<>());
      ProducerBatch last = queue.peekLast();
      boolean appended = last != null && !last.isSealed()
          && last.tryAppend(timestampMs, key, value, headers, estimate, batchSizeBytes, thunk);
      if (!appended) {
        last = new ProducerBatch(nextBatchId++, tp, compression, nowMs);
        last.tryAppend(timestampMs, key, value, headers, estimate, batchSizeBytes, thunk);
        queue.addLast(last);
        incomplete.add(last);
      }
      // A new batch needs a linger timer on the sender; a full one can leave now.
      wake = !appended || last.isFull(batchSizeBytes);
    }
    if (wake) {
      wakeSender.run();
    }
    return wake;
  }

  /**
   * Takes at most one ready head batch per partition that the gate lets through.
   *
   * @param nowMs monotonic now
   * @param gate the sender's in-flight and routing rules
   * @return the drained batches and when to look again
   */
  synchronized Drained drain(long nowMs, DrainGate gate) {
    List<ProducerBatch> out = new ArrayList<>();
    long nextDelay = Long.MAX_VALUE;
    boolean blocked = false;
    boolean urgent = flushesInProgress > 0 || closed || memory.hasWaiters();
    for (Map.Entry<TopicPartition, Deque<ProducerBatch>> e : queues.entrySet()) {
      ProducerBatch head = e.getValue().peekFirst();
      if (head == null) {
        continue;
      }
      long readyAt = readyAtMs(head, e.getValue().size(), urgent);
      if (readyAt > nowMs) {
        nextDelay = Math.min(nextDelay, readyAt - nowMs);
        continue;
      }
      if (!gate.mayDrain(e.getKey(), head)) {
        blocked = true;
        continue;
      }
      out.add(e.getValue().pollFirst());
    }
    return new Drained(out, nextDelay, blocked);
  }

  private long readyAtMs(ProducerBatch head, int queued, boolean urgent) {
    if (head.attempts() > 0) {
      return head.retryAtMs();
    }
    if (urgent || queued > 1 || head.isFull(batchSizeBytes)) {
      return Long.MIN_VALUE;
    }
    return head.createdMs() + lingerMs;
  }

  /** Puts a batch back for a retry, before every younger batch of its partition. */
  synchronized void reenqueue(ProducerBatch batch) {
    Deque<ProducerBatch> queue = queues.computeIfAbsent(batch.topicPartition(), k -> new ArrayDeque<>());
    Deque<ProducerBatch> younger = new ArrayDeque<>();
    while (!queue.isEmpty() && queue.peekFirst().id() < batch.id()) {
      younger.addFirst(queue.pollFirst());
    }
    queue.addFirst(batch);
    younger.forEach(queue::addFirst);
  }

  /**
   * Removes queued batches older than the delivery timeout.
   *
   * @return the expired batches (the caller fails them)
   */
  synchronized List<ProducerBatch> expire(long nowMs, long deliveryTimeoutMs) {
    List<ProducerBatch> expired = new ArrayList<>();
    for (Deque<ProducerBatch> queue : queues.values()) {
      // A queue is in creation order (retries go back in id order), so the first batch that has not expired ends
      // the scan: the sender calls this on every wake-up, and a full buffer holds hundreds of batches.
      Iterator<ProducerBatch> it = queue.iterator();
      while (it.hasNext()) {
        ProducerBatch batch = it.next();
        if (nowMs - batch.createdMs() < deliveryTimeoutMs) {
          break;
        }
        it.remove();
        expired.add(batch);
      }
    }
    return expired;
  }

  /** Releases a completed batch's memory and forgets it. */
  void deallocate(ProducerBatch batch) {
    synchronized (this) {
      incomplete.remove(batch);
    }
    memory.release(batch.reservedBytes());
  }

  /** Sends everything now and waits until every batch that exists at this moment has completed. */
  void flush() {
    List<CompletableFuture<Void>> waitFor;
    synchronized (this) {
      flushesInProgress++;
      waitFor = incomplete.stream().map(ProducerBatch::done).toList();
    }
    wakeSender.run();
    try {
      CompletableFuture.allOf(waitFor.toArray(CompletableFuture[]::new)).join();
    } finally {
      synchronized (this) {
        flushesInProgress--;
      }
    }
  }

  /** @return whether any batch is queued or in flight */
  synchronized boolean hasIncomplete() {
    return !incomplete.isEmpty();
  }

  /** @return whether any batch is queued (not in flight) */
  synchronized boolean hasQueued() {
    return queues.values().stream().anyMatch(q -> !q.isEmpty());
  }

  /** Stops appends (queued batches are still drained) and wakes memory waiters. */
  void close() {
    synchronized (this) {
      closed = true;
    }
    memory.close();
    wakeSender.run();
  }

  /** @return every queued batch, removed from the queues (for a forced close) */
  synchronized List<ProducerBatch> drainAllQueued() {
    List<ProducerBatch> all = new ArrayList<>();
    queues.values().forEach(q -> {
      all.addAll(q);
      q.clear();
    });
    return all;
  }

  /** @return every incomplete batch, queued or in flight */
  synchronized List<ProducerBatch> incompleteBatches() {
    return new ArrayList<>(incomplete);
  }
}
