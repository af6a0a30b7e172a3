package io.strand.client.producer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends records to Strand, asynchronously and in batches, as Kafka's producer does: records for the same
 * partition are grouped into one RecordBatch v2 (up to {@code batch.size}, waiting up to {@code linger.ms}),
 * compressed as a whole, and sent to the partition's leader. With idempotence (the default) retries never
 * duplicate or reorder records of a partition.
 *
 * <p>Thread-safe: share one producer between threads; that batches best.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Producer<K, V> extends AutoCloseable {

  /**
   * Queues a record for sending. Blocks only while waiting for topic metadata or for room in {@code
   * buffer.memory}, each at most {@code max.block.ms}.
   *
   * @param record the record
   * @return completes with where the record was written, or with the failure once retries are exhausted
   * @throws io.strand.client.error.BufferExhaustedException when the buffer stayed full for max.block.ms (or
   *     was full with {@code buffer.full.policy=fail})
   * @throws io.strand.client.error.SerializationException when the key or value cannot be serialized
   * @throws io.strand.client.error.RecordTooLargeException when one record exceeds max.request.size or
   *     buffer.memory
   * @throws IllegalStateException after {@link #close}
   */
  CompletableFuture<SendResult> send(ProducerRecord<K, V> record);

  /**
   * As {@link #send(ProducerRecord)}, also calling {@code callback} on completion (before the future's
   * dependents run).
   */
  CompletableFuture<SendResult> send(ProducerRecord<K, V> record, SendCallback callback);

  /**
   * Sends everything queued now without waiting for {@code linger.ms} and blocks until each of those
   * records is acknowledged or failed.
   */
  void flush();

  /**
   * Sends what is queued and waits up to {@code timeout} for it; then fails whatever is left and releases
   * the producer's resources. Idempotent.
   *
   * @param timeout how long to wait for queued records; zero fails them at once
   */
  void close(Duration timeout);

  /** {@link #close(Duration)} without a time limit. */
  @Override
  void close();
}
