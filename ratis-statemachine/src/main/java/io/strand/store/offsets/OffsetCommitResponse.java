package io.strand.store.offsets;

import io.strand.api.v1.ErrorCode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-partition outcome of an offset commit, in request order.
 *
 * @param partitions one result per requested partition
 */
public record OffsetCommitResponse(List<PartitionResult> partitions) {
  public OffsetCommitResponse {
    partitions = List.copyOf(partitions);
  }

  /** The first partition error, if any. */
  public Optional<ErrorCode> firstError() {
    return partitions.stream().map(PartitionResult::error).filter(e -> e != ErrorCode.ERROR_CODE_NONE).findFirst();
  }

  /**
   * One partition's outcome.
   *
   * @param partition the partition
   * @param error NONE, or UNKNOWN_MEMBER_ID / STALE_MEMBER_EPOCH (fenced: do not retry with this epoch),
   *     GROUP_NOT_EMPTY (simple commit on an active group), UNKNOWN_TOPIC / UNKNOWN_PARTITION, INVALID_REQUEST
   * @param errorMessage what went wrong; "" on success
   * @param committedOffset the partition's committed offset after this request (-1 on error); higher than the
   *     requested offset when a rewind was refused
   */
  public record PartitionResult(TopicPartition partition, ErrorCode error, String errorMessage,
      long committedOffset) {
    public PartitionResult {
      Objects.requireNonNull(partition, "partition");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(errorMessage, "errorMessage");
    }
  }
}
