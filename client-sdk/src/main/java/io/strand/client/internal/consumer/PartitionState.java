package io.strand.client.internal.consumer;

import io.strand.client.TopicPartition;
import io.strand.client.admin.OffsetSpec;
import io.strand.client.consumer.OffsetResetStrategy;
import io.strand.client.error.StrandException;
import io.strand.record.Record;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One assigned partition's consumer state: the position handed to the application, the next offset to
 * fetch (ahead of the position by what is buffered), a pending reset lookup, pause, the prefetch buffer and
 * an epoch that changes on every seek so that answers to older requests are recognised and dropped.
 *
 * <p>Not API. Not thread-safe: confined to the consumer's thread.
 */
final class PartitionState {

  /**
   * A decoded record waiting to be returned.
   *
   * @param record the record
   * @param bytes its share of the buffered batch bytes (prefetch accounting)
   */
  record Buffered(Record record, int bytes) {}

  private final TopicPartition tp;
  private final Deque<Buffered> buffer = new ArrayDeque<>();
  private long position = -1;
  private long fetchOffset = -1;
  private OffsetSpec pendingReset;
  private boolean resetInFlight;
  private boolean paused;
  private boolean fetchInFlight;
  private int epoch;
  private long retryAtMs;
  private int failures;
  private long bufferedBytes;
  private long highWatermark = -1;
  private StrandException pendingError;

  PartitionState(TopicPartition tp, OffsetSpec initialReset) {
    this.tp = tp;
    this.pendingReset = initialReset;
  }

  /** Where a newly assigned partition without a committed offset starts, per {@code auto.offset.reset}. */
  static OffsetSpec initialReset(OffsetResetStrategy strategy) {
    return strategy == OffsetResetStrategy.EARLIEST ? OffsetSpec.earliest() : OffsetSpec.latest();
  }

  TopicPartition tp() {
    return tp;
  }

  /** Positions the partition at {@code offset}, dropping the buffer and anything in flight. */
  void seek(long offset) {
    position = offset;
    fetchOffset = offset;
    pendingReset = null;
    resetInFlight = false;
    clearBuffer();
    epoch++;
  }

  /** Forgets the position; it will be looked up with {@code spec}. */
  void requestReset(OffsetSpec spec) {
    position = -1;
    fetchOffset = -1;
    pendingReset = spec;
    resetInFlight = false;
    clearBuffer();
    epoch++;
  }

  private void clearBuffer() {
    buffer.clear();
    bufferedBytes = 0;
  }

  boolean hasPosition() {
    return pendingReset == null && position >= 0;
  }

  /** @return whether a fetch may be sent for this partition now */
  boolean fetchable(long nowMs, long prefetchLimitBytes) {
    return hasPosition() && !paused && !fetchInFlight && nowMs >= retryAtMs && bufferedBytes < prefetchLimitBytes
        && pendingError == null;
  }

  void buffer(Record record, int bytes) {
    buffer.addLast(new Buffered(record, bytes));
    bufferedBytes += bytes;
  }

  Buffered peek() {
    return buffer.peekFirst();
  }

  void consumed(Buffered b) {
    buffer.pollFirst();
    bufferedBytes -= b.bytes();
    position = Math.max(position, b.record().offset() + 1);
  }

  /** Drops a buffered record below the position (the start of the first fetched batch). */
  void skip(Buffered b) {
    buffer.pollFirst();
    bufferedBytes -= b.bytes();
  }

  /** Records a failed fetch and when to try again. */
  void backOff(long untilMs) {
    failures++;
    retryAtMs = untilMs;
  }

  void fetchSucceeded() {
    failures = 0;
    retryAtMs = 0;
  }

  int failures() {
    return failures;
  }

  long position() {
    return position;
  }

  long fetchOffset() {
    return fetchOffset;
  }

  void advanceFetchOffset(long offset) {
    fetchOffset = Math.max(fetchOffset, offset);
  }

  OffsetSpec pendingReset() {
    return pendingReset;
  }

  boolean resetInFlight() {
    return resetInFlight;
  }

  void resetInFlight(boolean inFlight) {
    resetInFlight = inFlight;
  }

  boolean paused() {
    return paused;
  }

  void paused(boolean paused) {
    this.paused = paused;
  }

  boolean fetchInFlight() {
    return fetchInFlight;
  }

  void fetchInFlight(boolean inFlight) {
    fetchInFlight = inFlight;
  }

  int epoch() {
    return epoch;
  }

  long highWatermark() {
    return highWatermark;
  }

  void highWatermark(long hw) {
    highWatermark = hw;
  }

  long bufferedBytes() {
    return bufferedBytes;
  }

  /** @return and clears the error to throw from the next poll */
  StrandException takeError() {
    StrandException e = pendingError;
    pendingError = null;
    return e;
  }

  void fail(StrandException error) {
    pendingError = error;
  }
}
