package io.strand.client.consumer;

import io.strand.client.TopicPartition;
import java.util.Map;

/** Completion of {@code commitAsync}; runs on the thread calling {@code poll}, inside a later poll. */
@FunctionalInterface
public interface OffsetCommitCallback {

  /**
   * @param offsets the offsets that were sent
   * @param error null on success, else why the commit failed (for example {@link
   *     io.strand.client.error.CommitFailedException})
   */
  void onComplete(Map<TopicPartition, Long> offsets, Exception error);
}
