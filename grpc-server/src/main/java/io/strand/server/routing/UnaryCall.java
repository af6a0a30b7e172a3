package io.strand.server.routing;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import io.grpc.stub.StreamObserver;

/**
 * Adapts an async-stub unary call to a {@link CompletableFuture}; cancelling the future cancels the RPC.
 *
 * <p>Thread-safe.
 *
 * @param <Q> request type
 * @param <R> response type
 */
public final class UnaryCall<Q, R> extends CompletableFuture<R> implements ClientResponseObserver<Q, R> {

  private volatile ClientCallStreamObserver<Q> requestStream;

  private UnaryCall() {}

  /** Starts {@code call} with an observer that completes the returned future. */
  public static <Q, R> CompletableFuture<R> start(Consumer<StreamObserver<R>> call) {
    UnaryCall<Q, R> future = new UnaryCall<>();
    call.accept(future);
    return future;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> stream) {
    this.requestStream = stream;
  }

  @Override
  public void onNext(R value) {
    complete(value);
  }

  @Override
  public void onError(Throwable t) {
    completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    if (!isDone()) {
      completeExceptionally(new IllegalStateException("call completed without a response"));
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    ClientCallStreamObserver<Q> stream = requestStream;
    if (stream != null) {
      stream.cancel("cancelled by the forwarding node", null);
    }
    return super.cancel(mayInterruptIfRunning);
  }
}
