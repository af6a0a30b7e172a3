package io.strand.client.internal.producer;

import io.strand.client.TopicPartition;
import io.strand.client.producer.SendCallback;
import io.strand.client.producer.SendResult;
import io.strand.record.CompressionType;
import io.strand.record.Header;
import io.strand.record.Record;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records for one partition that travel together: open for appends until drained, then encoded once into
 * a RecordBatch v2 whose bytes are kept unchanged for every retry (so the server can recognise a resent
 * idempotent batch by its producer id and sequence). Only when the server proved the batch was not written
 * (a sequence gap) is it re-encoded under a new producer identity.
 *
 * <p>Not API. Not thread-safe: appends happen under the accumulator's lock, everything after draining on
 * the sender thread.
 */
final class ProducerBatch {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerBatch.class);

  /**
   * One record's completion handle.
   *
   * @param future completed with the record's result
   * @param callback user callback, or null
   * @param timestampMs the record's create time
   * @param keySize serialized key bytes, -1 for null
   * @param valueSize serialized value bytes, -1 for null
   */
  record Thunk(CompletableFuture<SendResult> future, SendCallback callback, long timestampMs, int keySize,
               int valueSize) {}

  private final long id;
  private final TopicPartition tp;
  private final CompressionType compression;
  private final long createdMs;
  private final List<Thunk> thunks = new ArrayList<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private RecordBatchBuilder builder;
  private ByteBuffer encoded;
  private int reservedBytes;
  private int attempts;
  private int reorders;
  private boolean mayHaveBeenWritten;
  private boolean waitForOlder;
  private long retryAtMs;
  private ProducerIdentity identity;
  private int baseSequence = RecordBatch.NO_SEQUENCE;
  private int encodedSequence = RecordBatch.NO_SEQUENCE;

  /**
   * @param id creation order within the producer (retries are re-queued in this order)
   * @param tp the partition
   * @param compression the batch codec
   * @param createdMs monotonic creation time (delivery timeout and linger count from here)
   */
  ProducerBatch(long id, TopicPartition tp, CompressionType compression, long createdMs) {
    this.id = id;
    this.tp = tp;
    this.compression = compression;
    this.createdMs = createdMs;
    this.builder = new RecordBatchBuilder(compression);
  }

  /**
   * Appends a record if the batch is still open and has room for {@code estimate} more bytes (a batch always
   * takes its first record, however large).
   *
   * @return whether the record was appended
   */
  boolean tryAppend(long timestampMs, byte[] key, byte[] value, List<Header> headers, int estimate,
                    int batchSizeBytes, Thunk thunk) {
    if (builder == null) {
      return false;
    }
    if (!thunks.isEmpty() && builder.estimatedSizeInBytes() + estimate > batchSizeBytes) {
      return false;
    }
    builder.append(timestampMs, key, value, headers);
    thunks.add(thunk);
    reservedBytes += estimate;
    return true;
  }

  /** @return whether appends stopped or the batch reached {@code batchSizeBytes} */
  boolean isFull(int batchSizeBytes) {
    return builder == null || builder.estimatedSizeInBytes() >= batchSizeBytes;
  }

  /**
   * Closes the batch for appends and encodes it (once); with an identity the header carries the producer id,
   * epoch and base sequence.
   *
   * @param producer the identity, or null for a non-idempotent producer
   * @param sequence the base sequence, ignored without identity
   */
  void seal(ProducerIdentity producer, int sequence) {
    if (encoded == null) {
      if (producer != null) {
        builder.producer(producer.producerId(), producer.epoch(), sequence);
      }
      encoded = builder.build();
      builder = null;
      encodedSequence = sequence;
    } else if (producer != null && (!producer.equals(identity) || sequence != encodedSequence)) {
      reencode(producer, sequence);
    }
    if (producer != null) {
      identity = producer;
      baseSequence = sequence;
    }
  }

  private void reencode(ProducerIdentity producer, int sequence) {
    List<Record> records = RecordBatch.wrap(encoded.duplicate()).records();
    RecordBatchBuilder rebuilt = new RecordBatchBuilder(compression);
    rebuilt.producer(producer.producerId(), producer.epoch(), sequence);
    for (Record r : records) {
      rebuilt.append(r.timestampMs(), r.key(), r.value(), r.headers());
    }
    LOG.debug("{}: re-encoding batch of {} record(s) under producer id {} sequence {}", tp, records.size(),
        producer.producerId(), sequence);
    encoded = rebuilt.build();
    encodedSequence = sequence;
  }

  /** Forgets the sequence: the server proved the batch was not written; it will be re-sealed later. */
  void clearSequence() {
    baseSequence = RecordBatch.NO_SEQUENCE;
  }

  /** @return whether the batch carries a sequence number that is still being resolved */
  boolean hasSequence() {
    return baseSequence != RecordBatch.NO_SEQUENCE;
  }

  /** @return whether the batch was sealed (sent at least once) */
  boolean isSealed() {
    return encoded != null;
  }

  /** @return the encoded bytes (a fresh duplicate) */
  ByteBuffer encoded() {
    return encoded.duplicate();
  }

  /** @return encoded bytes */
  int encodedSizeInBytes() {
    return encoded.remaining();
  }

  /** Completes every record: offsets are {@code baseOffset + i}, or -1 when the server did not say. */
  void complete(long baseOffset) {
    for (int i = 0; i < thunks.size(); i++) {
      Thunk t = thunks.get(i);
      SendResult result = new SendResult(tp, baseOffset < 0 ? -1 : baseOffset + i, t.timestampMs(), t.keySize(),
          t.valueSize());
      runCallback(t, result, null);
      t.future().complete(result);
    }
    done.complete(null);
  }

  /** Fails every record with {@code error}. */
  void fail(RuntimeException error) {
    for (Thunk t : thunks) {
      runCallback(t, null, error);
      t.future().completeExceptionally(error);
    }
    done.complete(null);
  }

  private void runCallback(Thunk t, SendResult result, Exception error) {
    if (t.callback() == null) {
      return;
    }
    try {
      t.callback().onCompletion(result, error);
    } catch (RuntimeException e) {
      LOG.warn("{}: a send callback threw; the producer continues", tp, e);
    }
  }

  /** Records one more attempt and when the next may start. */
  void scheduleRetry(long atMs) {
    attempts++;
    retryAtMs = atMs;
  }

  /** Counts an OUT_OF_ORDER_SEQUENCE answer that was caused by reordering in transit. */
  void countReorder() {
    reorders++;
  }

  int reorders() {
    return reorders;
  }

  /** Notes that an attempt ended without a definite answer: the server may have written the batch. */
  void markMayHaveBeenWritten() {
    mayHaveBeenWritten = true;
  }

  /** Whether some attempt ended without a definite answer (a lost response, a timeout, a leader change). */
  boolean mayHaveBeenWritten() {
    return mayHaveBeenWritten;
  }

  /** @param wait whether the batch may only be resent once nothing older of its partition is in flight */
  void waitForOlder(boolean wait) {
    waitForOlder = wait;
  }

  boolean waitsForOlder() {
    return waitForOlder;
  }

  long id() {
    return id;
  }

  TopicPartition topicPartition() {
    return tp;
  }

  long createdMs() {
    return createdMs;
  }

  int attempts() {
    return attempts;
  }

  long retryAtMs() {
    return retryAtMs;
  }

  int recordCount() {
    return thunks.size();
  }

  int reservedBytes() {
    return reservedBytes;
  }

  ProducerIdentity identity() {
    return identity;
  }

  int baseSequence() {
    return baseSequence;
  }

  /** @return completes (normally) once the batch succeeded or failed */
  CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public String toString() {
    return "batch#" + id + "[" + tp + ", " + thunks.size() + " record(s), seq " + baseSequence + "]";
  }
}
