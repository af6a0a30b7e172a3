package io.strand.store.offsets;

import io.strand.api.v1.ErrorCode;
import java.util.Objects;

/**
 * Outcome of a group admin operation (reset offsets, delete group).
 *
 * @param error NONE, GROUP_ID_NOT_FOUND, GROUP_NOT_EMPTY, UNKNOWN_TOPIC, UNKNOWN_PARTITION or INVALID_REQUEST
 * @param message what went wrong; "" on success
 */
public record GroupOperationResult(ErrorCode error, String message) {
  public static final GroupOperationResult OK = new GroupOperationResult(ErrorCode.ERROR_CODE_NONE, "");

  public GroupOperationResult {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(message, "message");
  }

  public boolean isSuccess() {
    return error == ErrorCode.ERROR_CODE_NONE;
  }
}
