package io.strand.server.api;

import com.google.protobuf.MessageLite;
import io.grpc.Context;
import io.grpc.Deadline;
import io.strand.api.v1.ErrorCode;
import io.strand.server.config.ServerConfig;
import io.strand.server.error.GrpcErrors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Request-level limits and deadlines shared by the services: request size, partitions per request, duplicate
 * partitions, and the effective deadline (the shorter of the gRPC deadline and the request's own timeout).
 *
 * <p>Immutable and thread-safe.
 */
public final class RequestLimits {

  private final int maxRequestBytes;
  private final int maxPartitions;
  private final int defaultTimeoutMs;
  private final int maxFetchWaitMs;

  public RequestLimits(ServerConfig config) {
    this.maxRequestBytes = config.maxRequestBytes();
    this.maxPartitions = config.maxPartitionsPerRequest();
    this.defaultTimeoutMs = config.requestTimeoutMs();
    this.maxFetchWaitMs = config.fetchMaxWaitMs();
  }

  /** Rejects a request above server.max.request.bytes (RESOURCE_EXHAUSTED, reason REQUEST_TOO_LARGE). */
  public void checkSize(MessageLite request) {
    int size = request.getSerializedSize();
    if (size > maxRequestBytes) {
      throw GrpcErrors.exception(ErrorCode.ERROR_CODE_REQUEST_TOO_LARGE, "the request is " + size
          + " bytes; server.max.request.bytes is " + maxRequestBytes + ": send fewer or smaller batches per request");
    }
  }

  /**
   * Rejects too many partitions (INVALID_ARGUMENT, TOO_MANY_PARTITIONS) and repeated partitions
   * (INVALID_ARGUMENT, INVALID_REQUEST).
   */
  public <T> void checkPartitions(List<T> items, Function<T, String> key) {
    checkPartitionCount(items.size());
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      String k = key.apply(item);
      if (!seen.add(k)) {
        throw GrpcErrors.exception(ErrorCode.ERROR_CODE_INVALID_REQUEST, "partition " + k
            + " appears more than once in the request; send each partition once");
      }
    }
  }

  /** Rejects more than server.max.partitions.per.request entries (INVALID_ARGUMENT, TOO_MANY_PARTITIONS). */
  public void checkPartitionCount(int count) {
    if (count > maxPartitions) {
      throw GrpcErrors.exception(ErrorCode.ERROR_CODE_TOO_MANY_PARTITIONS, "the request names " + count
          + " partitions; server.max.partitions.per.request is " + maxPartitions + ": split the request");
    }
  }

  /** The deadline of the current call: {@code timeoutMs} (0 = server default) bounded by the gRPC deadline. */
  public Deadline deadline(int timeoutMs) {
    Deadline own = Deadline.after(timeoutMs > 0 ? timeoutMs : defaultTimeoutMs, TimeUnit.MILLISECONDS);
    Deadline grpc = Context.current().getDeadline();
    return grpc == null ? own : grpc.minimum(own);
  }

  /** A fetch long-poll wait capped at server.fetch.max.wait.ms. */
  public int fetchWaitMs(int requested) {
    return Math.max(0, Math.min(requested, maxFetchWaitMs));
  }
}
