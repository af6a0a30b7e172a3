package io.strand.server.interceptor;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.strand.server.metrics.ServerMetrics;

/** Times every call and counts it by method and final status. Thread-safe. */
public final class MetricsInterceptor implements ServerInterceptor {

  private final ServerMetrics metrics;

  public MetricsInterceptor(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                    ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    boolean forwarded = headers.containsKey(ForwardedCalls.HEADER);
    String method = call.getMethodDescriptor().getFullMethodName();
    ServerCall<Q, R> timed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        metrics.recordRequest(method, status.getCode().name(), forwarded,
            java.time.Duration.ofNanos(System.nanoTime() - start));
        super.close(status, trailers);
      }
    };
    return next.startCall(timed, headers);
  }
}
