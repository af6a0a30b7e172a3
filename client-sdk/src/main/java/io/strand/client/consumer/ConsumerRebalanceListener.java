package io.strand.client.consumer;

import io.strand.client.TopicPartition;
import java.util.Collection;

/**
 * Told about assignment changes of a group consumer. Both callbacks run on the thread calling {@code poll}, inside
 * the poll, so they may use the consumer (for example {@code commitSync} in {@link #onPartitionsRevoked}).
 * Revocations are incremental: only the partitions that move are revoked; the others keep being consumed.
 */
public interface ConsumerRebalanceListener {

  /**
   * The consumer is about to release these partitions (they go to another member, or the consumer leaves or was
   * fenced). With {@code enable.auto.commit} their positions have just been committed, unless the consumer was
   * fenced, in which case committing is no longer possible.
   */
  void onPartitionsRevoked(Collection<TopicPartition> partitions);

  /** The consumer now owns these partitions; they start at their committed offset or per auto.offset.reset. */
  void onPartitionsAssigned(Collection<TopicPartition> partitions);

  /** A listener that does nothing. */
  static ConsumerRebalanceListener noop() {
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      }
    };
  }
}
