package io.strand.server.error;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.PartitionError;
import io.strand.record.CorruptRecordException;
import io.strand.store.error.NotLeaderException;
import io.strand.store.error.OffsetOutOfRangeException;
import io.strand.store.error.StoreException;
import io.strand.store.offsets.CoordinatorUnavailableException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Classifies failures into {@link ErrorCode}s: for per-partition results and for the ErrorInfo of request-level
 * statuses. Stateless and thread-safe.
 */
public final class ErrorCodes {

  /** ErrorInfo metadata key of OFFSET_OUT_OF_RANGE: the first offset still stored. */
  public static final String LOG_START_OFFSET = "log_start_offset";
  /** ErrorInfo metadata key of OFFSET_OUT_OF_RANGE: the high watermark (log end offset). */
  public static final String LOG_END_OFFSET = "log_end_offset";
  /** ErrorInfo metadata key of NOT_LEADER: the leader's node id. */
  public static final String LEADER_ID = "leader_id";

  private ErrorCodes() {}

  /** The code for a failure (wrappers are stripped). */
  public static ErrorCode of(Throwable failure) {
    Throwable t = GrpcErrors.unwrap(failure);
    if (t instanceof StrandException se) {
      return se.code();
    }
    if (t instanceof StoreException se) {
      return se.errorCode();
    }
    if (t instanceof CoordinatorUnavailableException ce) {
      return ce.error();
    }
    if (t instanceof CorruptRecordException) {
      return ErrorCode.ERROR_CODE_CORRUPT_BATCH;
    }
    if (t instanceof TimeoutException) {
      return ErrorCode.ERROR_CODE_TIMEOUT;
    }
    if (t instanceof StatusRuntimeException sre) {
      return fromStatus(sre);
    }
    if (t instanceof IllegalArgumentException) {
      return ErrorCode.ERROR_CODE_INVALID_REQUEST;
    }
    return ErrorCode.ERROR_CODE_UNKNOWN_SERVER_ERROR;
  }

  /** A message for a failure, falling back to its class name. */
  public static String message(Throwable failure) {
    Throwable t = GrpcErrors.unwrap(failure);
    if (t instanceof StatusRuntimeException sre) {
      String d = sre.getStatus().getDescription();
      return d != null ? d : sre.getStatus().getCode().toString();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  /** Extra ErrorInfo metadata for a failure (e.g. the valid offset range). */
  public static Map<String, String> metadata(Throwable failure) {
    Throwable t = GrpcErrors.unwrap(failure);
    if (t instanceof OffsetOutOfRangeException oor) {
      return Map.of(LOG_START_OFFSET, Long.toString(oor.logStartOffset()),
          LOG_END_OFFSET, Long.toString(oor.logEndOffset()));
    }
    if (t instanceof NotLeaderException nle && nle.leaderNodeId().isPresent()) {
      return Map.of(LEADER_ID, Integer.toString(nle.leaderNodeId().getAsInt()));
    }
    return Map.of();
  }

  /** A per-partition error for a failure. */
  public static PartitionError partitionError(Throwable failure) {
    return PartitionError.newBuilder().setCode(of(failure)).setMessage(message(failure)).build();
  }

  /** The code a failed remote call stands for: its ErrorInfo reason, else a mapping of its status code. */
  static ErrorCode fromStatus(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status != null) {
      for (var detail : status.getDetailsList()) {
        if (detail.is(ErrorInfo.class)) {
          try {
            ErrorCode code = ErrorCode.valueOf(detail.unpack(ErrorInfo.class).getReason());
            return code;
          } catch (IllegalArgumentException | com.google.protobuf.InvalidProtocolBufferException ignored) {
            break;
          }
        }
      }
    }
    Status.Code code = e.getStatus().getCode();
    return switch (code) {
      case UNAVAILABLE, CANCELLED, ABORTED -> ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE;
      case DEADLINE_EXCEEDED -> ErrorCode.ERROR_CODE_TIMEOUT;
      case INVALID_ARGUMENT -> ErrorCode.ERROR_CODE_INVALID_REQUEST;
      case NOT_FOUND -> ErrorCode.ERROR_CODE_UNKNOWN_TOPIC;
      case RESOURCE_EXHAUSTED -> ErrorCode.ERROR_CODE_REQUEST_TOO_LARGE;
      default -> ErrorCode.ERROR_CODE_UNKNOWN_SERVER_ERROR;
    };
  }
}
