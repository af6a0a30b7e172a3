package io.strand.server.error;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.strand.api.v1.ErrorCode;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place that turns server exceptions into gRPC statuses. Every non-OK status Strand produces carries a
 * {@code google.rpc.ErrorInfo} whose reason is the {@link ErrorCode} name (domain {@value #DOMAIN}), so clients
 * map both per-partition and request-level failures through one table (docs/errors.md).
 *
 * <p>Stateless and thread-safe.
 */
public final class GrpcErrors {

  public static final String DOMAIN = "strand.io";

  private GrpcErrors() {}

  /** The gRPC status code used when a whole request fails with {@code code}. */
  public static Status.Code statusCode(ErrorCode code) {
    return switch (code) {
      case ERROR_CODE_NONE -> Status.Code.OK;
      case ERROR_CODE_UNKNOWN_TOPIC, ERROR_CODE_UNKNOWN_PARTITION, ERROR_CODE_GROUP_ID_NOT_FOUND,
          ERROR_CODE_UNKNOWN_MEMBER_ID -> Status.Code.NOT_FOUND;
      case ERROR_CODE_INVALID_TOPIC, ERROR_CODE_INVALID_PARTITIONS, ERROR_CODE_INVALID_REPLICATION_FACTOR,
          ERROR_CODE_INVALID_CONFIG, ERROR_CODE_INVALID_REQUEST, ERROR_CODE_CORRUPT_BATCH,
          ERROR_CODE_RECORD_TOO_LARGE, ERROR_CODE_TOO_MANY_PARTITIONS, ERROR_CODE_UNSUPPORTED_COMPRESSION,
          ERROR_CODE_OUT_OF_ORDER_SEQUENCE, ERROR_CODE_UNKNOWN_PRODUCER_ID -> Status.Code.INVALID_ARGUMENT;
      case ERROR_CODE_TOPIC_ALREADY_EXISTS, ERROR_CODE_DUPLICATE_SEQUENCE -> Status.Code.ALREADY_EXISTS;
      case ERROR_CODE_INTERNAL_TOPIC, ERROR_CODE_TOPIC_DELETION_IN_PROGRESS, ERROR_CODE_GROUP_NOT_EMPTY,
          ERROR_CODE_INVALID_PRODUCER_EPOCH, ERROR_CODE_STALE_MEMBER_EPOCH -> Status.Code.FAILED_PRECONDITION;
      case ERROR_CODE_OFFSET_OUT_OF_RANGE -> Status.Code.OUT_OF_RANGE;
      case ERROR_CODE_NOT_LEADER, ERROR_CODE_LEADER_NOT_AVAILABLE, ERROR_CODE_NOT_COORDINATOR,
          ERROR_CODE_COORDINATOR_NOT_AVAILABLE, ERROR_CODE_STORAGE_ERROR, ERROR_CODE_THROTTLED -> Status.Code.UNAVAILABLE;
      case ERROR_CODE_TIMEOUT -> Status.Code.DEADLINE_EXCEEDED;
      case ERROR_CODE_REQUEST_TOO_LARGE, ERROR_CODE_DISK_FULL -> Status.Code.RESOURCE_EXHAUSTED;
      default -> Status.Code.INTERNAL;
    };
  }

  /** A status exception for {@code code} with an ErrorInfo (reason = code name) and optional metadata. */
  public static StatusRuntimeException exception(ErrorCode code, String message, Map<String, String> metadata) {
    ErrorInfo info = ErrorInfo.newBuilder().setReason(code.name()).setDomain(DOMAIN).putAllMetadata(metadata)
        .build();
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(statusCode(code).value())
        .setMessage(message)
        .addDetails(Any.pack(info))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  public static StatusRuntimeException exception(ErrorCode code, String message) {
    return exception(code, message, Map.of());
  }

  /** Maps any failure to a status exception; unknown failures become INTERNAL / UNKNOWN_SERVER_ERROR. */
  public static StatusRuntimeException toStatusException(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (t instanceof io.grpc.StatusException se) {
      return se.getStatus().asRuntimeException(se.getTrailers());
    }
    ErrorCode code = ErrorCodes.of(t);
    return exception(code, ErrorCodes.message(t), ErrorCodes.metadata(t));
  }

  /** Strips the wrappers futures add around the real cause. */
  public static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
