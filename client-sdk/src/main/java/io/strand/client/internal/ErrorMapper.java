package io.strand.client.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.LeaderHint;
import io.strand.api.v1.PartitionError;
import io.strand.client.error.BufferExhaustedException;
import io.strand.client.error.CorruptBatchException;
import io.strand.client.error.InterruptException;
import io.strand.client.error.InvalidConfigException;
import io.strand.client.error.InvalidPartitionsException;
import io.strand.client.error.InvalidReplicationFactorException;
import io.strand.client.error.InvalidRequestException;
import io.strand.client.error.InvalidTopicException;
import io.strand.client.error.LeaderNotAvailableException;
import io.strand.client.error.NetworkException;
import io.strand.client.error.NotLeaderException;
import io.strand.client.error.OffsetOutOfRangeException;
import io.strand.client.error.OutOfOrderSequenceException;
import io.strand.client.error.ProducerFencedException;
import io.strand.client.error.RecordTooLargeException;
import io.strand.client.error.RetriableException;
import io.strand.client.error.StorageException;
import io.strand.client.error.StrandException;
import io.strand.client.error.TimeoutException;
import io.strand.client.error.TopicDeletionInProgressException;
import io.strand.client.error.TopicExistsException;
import io.strand.client.error.UnknownPartitionException;
import io.strand.client.error.UnknownProducerIdException;
import io.strand.client.error.UnknownServerException;
import io.strand.client.error.UnknownTopicException;
import io.strand.client.error.UnsupportedCompressionException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where server error codes and gRPC statuses become client exceptions. Everything else in the
 * SDK asks this class; nothing else switches over {@link ErrorCode}.
 *
 * <p>Not API. Stateless; thread-safe.
 */
public final class ErrorMapper {
  private static final String CODE_PREFIX = "ERROR_CODE_";

  private ErrorMapper() {}

  /**
   * Whether a partition-level code is worth retrying (after a metadata refresh for the leader codes).
   *
   * @param code the code
   * @return true for transient conditions
   */
  public static boolean isRetriable(ErrorCode code) {
    return switch (code) {
      case ERROR_CODE_UNKNOWN_SERVER_ERROR, ERROR_CODE_NOT_LEADER, ERROR_CODE_LEADER_NOT_AVAILABLE,
          ERROR_CODE_TIMEOUT, ERROR_CODE_STORAGE_ERROR, ERROR_CODE_DISK_FULL, ERROR_CODE_NOT_COORDINATOR,
          ERROR_CODE_COORDINATOR_NOT_AVAILABLE, ERROR_CODE_THROTTLED -> true;
      default -> false;
    };
  }

  /** @return the code's short name, e.g. {@code NOT_LEADER} */
  public static String shortName(ErrorCode code) {
    String name = code.name();
    return name.startsWith(CODE_PREFIX) ? name.substring(CODE_PREFIX.length()) : name;
  }

  /**
   * Maps a per-partition error.
   *
   * @param error the error from a response; its code must not be NONE
   * @param context what the call was about, e.g. {@code "produce to orders-3"}
   * @return the exception to throw or complete a future with
   */
  public static StrandException forPartition(PartitionError error, String context) {
    return forCode(error.getCode(), context, error.getMessage(), error.hasLeader() ? error.getLeader() : null);
  }

  /**
   * Maps a code with its message.
   *
   * @param code the server's code (not NONE)
   * @param context what the call was about
   * @param serverMessage the server's explanation, possibly empty
   * @param hint the leader hint for NOT_LEADER, or {@code null}
   * @return the exception
   */
  public static StrandException forCode(ErrorCode code, String context, String serverMessage, LeaderHint hint) {
    String message = context + ": " + shortName(code)
        + (serverMessage == null || serverMessage.isEmpty() ? "" : " (" + serverMessage + ")");
    return switch (code) {
      case ERROR_CODE_UNKNOWN_SERVER_ERROR -> new UnknownServerException(message);
      case ERROR_CODE_UNKNOWN_TOPIC -> new UnknownTopicException(message);
      case ERROR_CODE_UNKNOWN_PARTITION -> new UnknownPartitionException(message);
      case ERROR_CODE_INVALID_TOPIC, ERROR_CODE_INTERNAL_TOPIC -> new InvalidTopicException(message);
      case ERROR_CODE_TOPIC_ALREADY_EXISTS -> new TopicExistsException(message);
      case ERROR_CODE_INVALID_PARTITIONS -> new InvalidPartitionsException(message);
      case ERROR_CODE_INVALID_REPLICATION_FACTOR -> new InvalidReplicationFactorException(message);
      case ERROR_CODE_INVALID_CONFIG -> new InvalidConfigException(message);
      case ERROR_CODE_OFFSET_OUT_OF_RANGE -> new OffsetOutOfRangeException(message, -1, -1);
      case ERROR_CODE_NOT_LEADER -> notLeader(message, hint);
      case ERROR_CODE_LEADER_NOT_AVAILABLE -> new LeaderNotAvailableException(message);
      case ERROR_CODE_CORRUPT_BATCH -> new CorruptBatchException(message);
      case ERROR_CODE_RECORD_TOO_LARGE -> new RecordTooLargeException(message);
      case ERROR_CODE_INVALID_REQUEST, ERROR_CODE_REQUEST_TOO_LARGE, ERROR_CODE_TOO_MANY_PARTITIONS ->
          new InvalidRequestException(message);
      case ERROR_CODE_TIMEOUT -> new TimeoutException(message);
      case ERROR_CODE_OUT_OF_ORDER_SEQUENCE -> new OutOfOrderSequenceException(message);
      case ERROR_CODE_INVALID_PRODUCER_EPOCH -> new ProducerFencedException(message);
      case ERROR_CODE_UNKNOWN_PRODUCER_ID -> new UnknownProducerIdException(message);
      case ERROR_CODE_STORAGE_ERROR, ERROR_CODE_DISK_FULL -> new StorageException(message);
      case ERROR_CODE_UNSUPPORTED_COMPRESSION -> new UnsupportedCompressionException(message);
      case ERROR_CODE_TOPIC_DELETION_IN_PROGRESS -> new TopicDeletionInProgressException(message);
      case ERROR_CODE_NOT_COORDINATOR, ERROR_CODE_COORDINATOR_NOT_AVAILABLE, ERROR_CODE_THROTTLED ->
          new RetriableException(message);
      default -> new StrandException(message);
    };
  }

  private static NotLeaderException notLeader(String message, LeaderHint hint) {
    if (hint == null) {
      return new NotLeaderException(message, -1, null, 0);
    }
    String endpoint = hint.hasEndpoint() && !hint.getEndpoint().getHost().isEmpty()
        ? Endpoint.of(hint.getEndpoint()).toString() : null;
    return new NotLeaderException(message, hint.getLeaderId(), endpoint, hint.getLeaderEpoch());
  }

  /**
   * Maps any failure of a call (gRPC status, wrapped completion, interrupt, or an exception already mapped).
   *
   * @param failure what went wrong
   * @param context what the call was about, e.g. {@code "create topic orders via 10.0.0.1:7070"}
   * @return the exception
   */
  public static StrandException fromThrowable(Throwable failure, String context) {
    Throwable t = unwrap(failure);
    if (t instanceof StrandException se) {
      return se;
    }
    if (t instanceof StatusRuntimeException || t instanceof StatusException) {
      return fromStatus(Status.fromThrowable(t), t, context);
    }
    if (t instanceof InterruptedException ie) {
      return new InterruptException(context, ie);
    }
    if (t instanceof CancellationException) {
      return new StrandException(context + ": cancelled", t);
    }
    return new StrandException(context + ": " + t, t);
  }

  /** @return the cause inside CompletionException/ExecutionException wrappers */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static StrandException fromStatus(Status status, Throwable t, String context) {
    String description = status.getDescription() == null ? "" : status.getDescription();
    Optional<ErrorCode> code = errorInfoCode(t);
    if (code.isPresent() && code.get() != ErrorCode.ERROR_CODE_NONE) {
      StrandException mapped = forCode(code.get(), context, description, null);
      mapped.initCause(t);
      return mapped;
    }
    String message = context + ": " + status.getCode() + (description.isEmpty() ? "" : " (" + description + ")");
    StrandException mapped = switch (status.getCode()) {
      case UNAVAILABLE, ABORTED -> new NetworkException(message);
      case DEADLINE_EXCEEDED -> new TimeoutException(message);
      case INVALID_ARGUMENT, OUT_OF_RANGE, RESOURCE_EXHAUSTED -> new InvalidRequestException(message);
      case ALREADY_EXISTS -> new TopicExistsException(message);
      case NOT_FOUND -> new UnknownTopicException(message);
      case INTERNAL, UNKNOWN, DATA_LOSS -> new UnknownServerException(message);
      default -> new StrandException(message);
    };
    mapped.initCause(t);
    return mapped;
  }

  private static Optional<ErrorCode> errorInfoCode(Throwable t) {
    com.google.rpc.Status details = StatusProto.fromThrowable(t);
    if (details == null) {
      return Optional.empty();
    }
    for (Any any : details.getDetailsList()) {
      if (any.is(ErrorInfo.class)) {
        try {
          return codeByName(any.unpack(ErrorInfo.class).getReason());
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** @return the code whose name (with or without the {@code ERROR_CODE_} prefix) is {@code reason} */
  static Optional<ErrorCode> codeByName(String reason) {
    for (ErrorCode code : ErrorCode.values()) {
      if (code != ErrorCode.UNRECOGNIZED && (code.name().equals(reason) || shortName(code).equals(reason))) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }

  /** @return whether a mapped exception is worth retrying */
  public static boolean isRetriable(Throwable mapped) {
    return mapped instanceof RetriableException && !(mapped instanceof BufferExhaustedException);
  }
}
