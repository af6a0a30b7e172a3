package io.strand.server.interceptor;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.strand.server.error.GrpcErrors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a call whose handler threw with the status {@link GrpcErrors} maps the exception to (ErrorInfo reason =
 * ErrorCode name), instead of gRPC's bare UNKNOWN. Services that fail asynchronously use the same mapping via
 * {@link GrpcErrors#toStatusException}.
 *
 * <p>Thread-safe; one listener wrapper per call.
 */
public final class ExceptionMappingInterceptor implements ServerInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(ExceptionMappingInterceptor.class);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                    ServerCallHandler<Q, R> next) {
    GuardedCall<Q, R> guarded = new GuardedCall<>(call);
    ServerCall.Listener<Q> delegate = next.startCall(guarded, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        run(() -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        run(super::onHalfClose);
      }

      @Override
      public void onReady() {
        run(super::onReady);
      }

      private void run(Runnable r) {
        try {
          r.run();
        } catch (RuntimeException e) {
          StatusRuntimeException status = GrpcErrors.toStatusException(e);
          if (status.getStatus().getCode() == Status.Code.INTERNAL) {
            LOG.error("{} failed", call.getMethodDescriptor().getFullMethodName(), e);
          }
          guarded.closeOnce(status.getStatus(), status.getTrailers() != null ? status.getTrailers() : new Metadata());
        }
      }
    };
  }

  /** Remembers whether the call was closed so that an exception after close does not close it twice. */
  private static final class GuardedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private final AtomicBoolean closed = new AtomicBoolean();

    GuardedCall(ServerCall<Q, R> delegate) {
      super(delegate);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (closed.compareAndSet(false, true)) {
        super.close(status, trailers);
      }
    }

    void closeOnce(Status status, Metadata trailers) {
      close(status, trailers);
    }
  }
}
