package io.strand.client.internal;

import io.strand.client.error.NetworkException;
import io.strand.client.error.StrandException;
import io.strand.client.error.TimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a call that any node can answer, moving to the next bootstrap address and backing off after each
 * retriable failure until {@code default.api.timeout.ms} is spent.
 *
 * <p>Not API. Stateless apart from the runtime; thread-safe.
 */
public final class RetryingCall {
  private final ClientRuntime runtime;

  /** @param runtime the client's shared runtime */
  public RetryingCall(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * @param what what the call does, for error messages ("create topic orders")
   * @param call issues one attempt against the given node
   * @param <T> the result type
   * @return the first successful result, or the last failure (mapped)
   */
  public <T> CompletableFuture<T> run(String what, Function<Endpoint, CompletableFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    long deadline = runtime.nowMs() + runtime.config().defaultApiTimeout().toMillis();
    attempt(what, call, 1, deadline, result);
    return result;
  }

  private <T> void attempt(String what, Function<Endpoint, CompletableFuture<T>> call, int attempt, long deadline,
                           CompletableFuture<T> result) {
    Endpoint target = runtime.anyTarget();
    CompletableFuture<T> future;
    try {
      future = call.apply(target);
    } catch (RuntimeException e) {
      result.completeExceptionally(ErrorMapper.fromThrowable(e, what));
      return;
    }
    future.whenComplete((value, error) -> {
      if (error == null) {
        result.complete(value);
        return;
      }
      StrandException mapped = ErrorMapper.fromThrowable(error, what + " via " + target);
      if (mapped instanceof NetworkException) {
        runtime.bootstrap().failed(target);
      }
      long wait = runtime.backoff().backoffMs(attempt);
      if (!ErrorMapper.isRetriable(mapped)) {
        result.completeExceptionally(mapped);
      } else if (runtime.nowMs() + wait >= deadline) {
        result.completeExceptionally(mapped instanceof TimeoutException ? mapped
            : new TimeoutException(what + ": gave up after " + attempt + " attempt(s); last error: "
                + mapped.getMessage(), mapped));
      } else {
        runtime.timer().schedule(() -> attempt(what, call, attempt + 1, deadline, result), wait,
            TimeUnit.MILLISECONDS);
      }
    });
  }
}
