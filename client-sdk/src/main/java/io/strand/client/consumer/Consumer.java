package io.strand.client.consumer;

import io.strand.client.TopicPartition;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads committed records, either from partitions the application assigns itself ({@link #assign}, optionally
 * {@link #seek}, then {@link #poll} in a loop) or as a member of a consumer group ({@code group.id} plus
 * {@link #subscribe}): the group's coordinator assigns partitions incrementally, the consumer heartbeats from
 * {@code poll}, and positions are committed with {@link #commitSync} / {@link #commitAsync} or automatically. The consumer fetches ahead in the background (Fetch long-poll, raw RecordBatch v2, bounded per
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

  /**
   * Joins the group {@code group.id} with a subscription to these topics (replacing any earlier subscription). The
   * assignment arrives during later polls; the listener hears about every change.
   *
   * @throws IllegalStateException when {@code group.id} is not set or partitions were assigned manually
   */
  void subscribe(Collection<String> topics, ConsumerRebalanceListener listener);

  /** {@link #subscribe(Collection, ConsumerRebalanceListener)} without a listener. */
  default void subscribe(Collection<String> topics) {
    subscribe(topics, ConsumerRebalanceListener.noop());
  }

  /**
   * Like {@link #subscribe(Collection, ConsumerRebalanceListener)} for every topic whose whole name matches the
   * pattern (internal "__" topics never match); topics created later are picked up.
   */
  void subscribe(java.util.regex.Pattern pattern, ConsumerRebalanceListener listener);

  /** Leaves the group (committing first with {@code enable.auto.commit}) and drops the assignment. */
  void unsubscribe();

  /** @return the subscribed topic names (empty for a pattern or no subscription) */
  Set<String> subscription();

  /**
   * Commits the position of every owned partition and waits for the answer.
   *
   * @throws io.strand.client.error.CommitFailedException when the member was fenced, or its epoch moved on in a
   *     rebalance the consumer has not seen yet: poll (which applies the new assignment) and commit again
   */
  void commitSync();

  /** Commits these offsets (next offset to read per partition) and waits for the answer. */
  void commitSync(Map<TopicPartition, Long> offsets);

  /** Commits the position of every owned partition without waiting. */
  void commitAsync();

  /** Commits these offsets without waiting; the callback runs inside a later poll. */
  void commitAsync(Map<TopicPartition, Long> offsets, OffsetCommitCallback callback);

  /**
   * @return the group's committed offset per partition; partitions without one are absent
   * @throws IllegalStateException when {@code group.id} is not set
   */
  Map<TopicPartition, Long> committed(Set<TopicPartition> partitions);

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
