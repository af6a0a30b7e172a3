package io.strand.client.internal;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Adapts grpc-java's asynchronous unary calls to {@link CompletableFuture}.
 *
 * <p>Not API. Stateless; thread-safe. Futures complete on gRPC's executor threads, so dependent stages must
 * not block.
 */
public final class Calls {
  private Calls() {}

  /**
   * @param invoker starts the call, e.g. {@code o -> stub.produce(request, o)}
   * @param <T> the response type
   * @return a future for the single response (or the call's failure status)
   */
  public static <T> CompletableFuture<T> unary(Consumer<StreamObserver<T>> invoker) {
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      invoker.accept(new StreamObserver<>() {
        private T value;

        @Override
        public void onNext(T response) {
          value = response;
        }

        @Override
        public void onError(Throwable t) {
          future.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
          future.complete(value);
        }
      });
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
    return future;
  }
}
