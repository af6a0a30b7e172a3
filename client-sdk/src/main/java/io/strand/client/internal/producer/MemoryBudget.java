package io.strand.client.internal.producer;

import io.strand.client.error.BufferExhaustedException;
import io.strand.client.error.InterruptException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Accounts for the producer's {@code buffer.memory}: every queued or in-flight record holds its estimated
 * size until its batch completes. Callers that find too little room wait in FIFO order (so a large record is
 * not starved by small ones) for at most {@code max.block.ms}; with 0 they fail at once.
 *
 * <p>Not API. Thread-safe: all state is guarded by one lock.
 */
final class MemoryBudget {
  private final long totalBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Condition> waiters = new ArrayDeque<>();
  private long availableBytes;
  private boolean closed;

  /** @param totalBytes the budget ({@code buffer.memory}) */
  MemoryBudget(long totalBytes) {
    this.totalBytes = totalBytes;
    this.availableBytes = totalBytes;
  }

  /**
   * Takes {@code bytes} from the budget, waiting for room up to {@code maxBlockMs}.
   *
   * @param bytes how much, at most the total budget
   * @param maxBlockMs how long to wait; 0 fails at once when there is no room
   * @throws BufferExhaustedException when no room appeared in time
   * @throws InterruptException when the caller was interrupted while waiting
   * @throws IllegalStateException when the producer closed meanwhile
   */
  void reserve(int bytes, long maxBlockMs) {
    lock.lock();
    try {
      checkOpen();
      if (waiters.isEmpty() && availableBytes >= bytes) {
        availableBytes -= bytes;
        return;
      }
      if (maxBlockMs <= 0) {
        throw exhausted(bytes, maxBlockMs);
      }
      awaitRoom(bytes, maxBlockMs);
    } finally {
      lock.unlock();
    }
  }

  private void awaitRoom(int bytes, long maxBlockMs) {
    Condition turn = lock.newCondition();
    waiters.addLast(turn);
    long remainingNanos = TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
    try {
      while (true) {
        checkOpen();
        if (waiters.peekFirst() == turn && availableBytes >= bytes) {
          availableBytes -= bytes;
          return;
        }
        if (remainingNanos <= 0) {
          throw exhausted(bytes, maxBlockMs);
        }
        remainingNanos = turn.awaitNanos(remainingNanos);
      }
    } catch (InterruptedException e) {
      throw new InterruptException("waiting for producer buffer memory", e);
    } finally {
      waiters.remove(turn);
      signalHead();
    }
  }

  private BufferExhaustedException exhausted(int bytes, long maxBlockMs) {
    String limit = maxBlockMs <= 0 ? "at once (buffer.full.policy=fail or max.block.ms spent)"
        : "within max.block.ms=" + maxBlockMs;
    return new BufferExhaustedException("failed to reserve " + bytes + " bytes of buffer.memory ("
        + totalBytes + " total, " + availableBytes + " free) " + limit
        + ": records are produced faster than the cluster acknowledges them");
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("producer closed while waiting for buffer memory");
    }
  }

  private void signalHead() {
    Condition head = waiters.peekFirst();
    if (head != null) {
      head.signal();
    }
  }

  /** Returns {@code bytes} to the budget and wakes the first waiter. */
  void release(int bytes) {
    lock.lock();
    try {
      availableBytes = Math.min(totalBytes, availableBytes + bytes);
      signalHead();
    } finally {
      lock.unlock();
    }
  }

  /** @return whether some caller is waiting for room (the sender then sends without lingering) */
  boolean hasWaiters() {
    lock.lock();
    try {
      return !waiters.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** @return how many callers wait for room */
  int waiterCount() {
    lock.lock();
    try {
      return waiters.size();
    } finally {
      lock.unlock();
    }
  }

  /** @return free bytes now */
  long availableBytes() {
    lock.lock();
    try {
      return availableBytes;
    } finally {
      lock.unlock();
    }
  }

  /** @return the total budget */
  long totalBytes() {
    return totalBytes;
  }

  /** Wakes every waiter with an IllegalStateException; later reservations fail the same way. */
  void close() {
    lock.lock();
    try {
      closed = true;
      waiters.forEach(Condition::signal);
    } finally {
      lock.unlock();
    }
  }
}
