package io.strand.client.consumer;

import io.strand.client.TopicPartition;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads committed records from partitions the application assigns itself (consumer groups come later).
 * Works like Kafka's consumer without a group: {@link #assign}, optionally {@link #seek}, then {@link #poll}
 * in a loop. The consumer fetches ahead in the background (Fetch long-poll, raw RecordBatch v2, bounded per
 * partition by {@code max.partition.prefetch.bytes}), so a poll usually returns buffered records at once.
 *
 * <p>Not thread-safe, like Kafka's consumer: use it from one thread. The only exception is {@link #wakeup},
 * which any thread may call to interrupt a blocking call. Concurrent use fails with {@link
 * java.util.ConcurrentModificationException}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Consumer<K, V> extends AutoCloseable {

  /**
   * Replaces the assignment. Partitions that stay keep their position; new ones start per {@code
   * auto.offset.reset} unless {@link #seek} is called.
   */
  void assign(Collection<TopicPartition> partitions);

  /** @return the assigned partitions */
  Set<TopicPartition> assignment();

  /**
   * Looks up a topic's partitions (blocking up to {@code default.api.timeout.ms}).
   *
   * @throws io.strand.client.error.UnknownTopicException when the topic does not exist
   */
  List<TopicPartition> partitionsFor(String topic);

  /** Makes the next poll of {@code partition} start at {@code offset}. */
  void seek(TopicPartition partition, long offset);

  /** Makes the next poll of each partition start at its log start offset (looked up lazily). */
  void seekToBeginning(Collection<TopicPartition> partitions);

  /** Makes the next poll of each partition start at its high watermark (looked up lazily). */
  void seekToEnd(Collection<TopicPartition> partitions);

  /** @return the offset of the next record {@code poll} returns for the partition (resolving a pending seek) */
  long position(TopicPartition partition);

  /**
   * Looks up, per partition, the first offset whose timestamp is at or after the given time.
   *
   * @return per partition the offset and its record's timestamp, or empty when no such record exists
   */
  Map<TopicPartition, Optional<OffsetAndTimestamp>> offsetsForTimes(Map<TopicPartition, Long> timestampsMs);

  /** @return each partition's log start offset */
  Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions);

  /** @return each partition's high watermark */
  Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

  /**
   * Returns the records available now, or waits up to {@code timeout} for some. At most {@code
   * max.poll.records} per call.
   *
   * @throws io.strand.client.error.WakeupException when {@link #wakeup} was called
   * @throws io.strand.client.error.OffsetOutOfRangeException with {@code auto.offset.reset=none}
   */
  ConsumerRecords<K, V> poll(Duration timeout);

  /** Stops returning and fetching records of these partitions until {@link #resume}. */
  void pause(Collection<TopicPartition> partitions);

  /** Undoes {@link #pause}. */
  void resume(Collection<TopicPartition> partitions);

  /** @return the paused partitions */
  Set<TopicPartition> paused();

  /** Makes the current or next blocking call throw {@link io.strand.client.error.WakeupException}. Thread-safe. */
  void wakeup();

  /** Closes the consumer; buffered records are dropped. Idempotent. */
  @Override
  void close();
}
