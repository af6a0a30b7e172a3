package io.strand.store.offsets;

import io.strand.api.v1.ErrorCode;
import io.strand.store.offsets.assignor.Assignment;
import java.util.Objects;

/**
 * The coordinator's answer to a heartbeat.
 *
 * @param error NONE on success; UNKNOWN_MEMBER_ID / STALE_MEMBER_EPOCH tell the member to rejoin with epoch 0
 *     after dropping its partitions; INVALID_REQUEST for a malformed request
 * @param errorMessage what went wrong; "" on success
 * @param memberId the member id
 * @param memberEpoch the member's epoch after this heartbeat; -1 after leaving or on error
 * @param heartbeatIntervalMs when to heartbeat next
 * @param assignment the partitions the member may own now: it stops consuming (and commits) anything it owns
 *     outside this set, then reports its new ownership in the next heartbeat
 */
public record HeartbeatResponse(
    ErrorCode error,
    String errorMessage,
    String memberId,
    int memberEpoch,
    int heartbeatIntervalMs,
    Assignment assignment) {

  public HeartbeatResponse {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(errorMessage, "errorMessage");
    Objects.requireNonNull(assignment, "assignment");
  }

  static HeartbeatResponse failed(ErrorCode error, String message, String memberId, int heartbeatIntervalMs) {
    return new HeartbeatResponse(error, message, memberId, -1, heartbeatIntervalMs, Assignment.EMPTY);
  }

  public boolean isSuccess() {
    return error == ErrorCode.ERROR_CODE_NONE;
  }
}
