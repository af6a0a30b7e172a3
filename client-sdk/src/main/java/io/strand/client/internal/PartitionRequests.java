package io.strand.client.internal;

import io.strand.client.TopicPartition;
import io.strand.client.error.NetworkException;
import io.strand.client.error.NotLeaderException;
import io.strand.client.error.StrandException;
import io.strand.client.error.TimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a request about many partitions (list offsets, delete records): groups the partitions by target node
 * (their leader in direct routing, the bootstrap address in proxy routing), sends one call per node, and
 * retries the partitions whose answer was retriable (NOT_LEADER hints are applied first) with back-off until
 * {@code default.api.timeout.ms}.
 *
 * <p>Not API. Thread-safe; all state of one run lives in that run's closures.
 */
public final class PartitionRequests {

  /**
   * Sends one call for a group of partitions to one node.
   *
   * @param <R> per-partition result
   */
  @FunctionalInterface
  public interface Sender<R> {
    /**
     * @param target the node
     * @param partitions the partitions routed to it
     * @return per-partition outcome; the future fails only for call-level failures
     */
    CompletableFuture<Map<TopicPartition, Outcome<R>>> send(Endpoint target, List<TopicPartition> partitions);
  }

  /**
   * One partition's answer: a value or a mapped error.
   *
   * @param value the value, when {@code error} is null
   * @param error the mapped error, or null
   * @param <R> the value type
   */
  public record Outcome<R>(R value, StrandException error) {
    /** @return a success */
    public static <R> Outcome<R> ok(R value) {
      return new Outcome<>(value, null);
    }

    /** @return a failure */
    public static <R> Outcome<R> failed(StrandException error) {
      return new Outcome<>(null, error);
    }
  }

  private final ClientRuntime runtime;

  /** @param runtime the client's shared runtime */
  public PartitionRequests(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * @param what what is being done, for messages
   * @param partitions the partitions
   * @param toLeader whether calls must reach each partition's leader (direct routing), or any node
   * @param sender issues one call
   * @param <R> the per-partition result
   * @return every partition's value, or the first non-retriable failure, or a timeout
   */
  public <R> CompletableFuture<Map<TopicPartition, R>> run(String what, List<TopicPartition> partitions,
                                                           boolean toLeader, Sender<R> sender) {
    CompletableFuture<Map<TopicPartition, R>> result = new CompletableFuture<>();
    Map<TopicPartition, R> values = new ConcurrentHashMap<>();
    partitions.forEach(tp -> runtime.metadata().track(tp.topic()));
    long deadline = runtime.nowMs() + runtime.config().defaultApiTimeout().toMillis();
    attempt(what, List.copyOf(partitions), toLeader, sender, values, 1, deadline, null, result);
    return result;
  }

  private <R> void attempt(String what, List<TopicPartition> remaining, boolean toLeader, Sender<R> sender,
                           Map<TopicPartition, R> values, int attempt, long deadline, StrandException last,
                           CompletableFuture<Map<TopicPartition, R>> result) {
    if (remaining.isEmpty()) {
      result.complete(new LinkedHashMap<>(values));
      return;
    }
    if (runtime.nowMs() >= deadline) {
      String reason = last == null ? "no leader known" : last.getMessage();
      result.completeExceptionally(new TimeoutException(what + ": timed out for " + remaining + ": " + reason, last));
      return;
    }
    Map<Endpoint, List<TopicPartition>> groups = new HashMap<>();
    List<TopicPartition> retry = java.util.Collections.synchronizedList(new ArrayList<>());
    for (TopicPartition tp : remaining) {
      Optional<Endpoint> target = toLeader ? runtime.partitionTarget(tp) : Optional.of(runtime.anyTarget());
      if (target.isPresent()) {
        groups.computeIfAbsent(target.get(), e -> new ArrayList<>()).add(tp);
      } else {
        retry.add(tp);
      }
    }
    StrandException[] lastError = {last};
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (Map.Entry<Endpoint, List<TopicPartition>> group : groups.entrySet()) {
      calls.add(sendGroup(what, group.getKey(), group.getValue(), sender, values, retry, lastError, result));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
      if (result.isDone()) {
        return;
      }
      if (retry.isEmpty()) {
        result.complete(new LinkedHashMap<>(values));
        return;
      }
      List<TopicPartition> next = List.copyOf(retry);
      long wait = runtime.backoff().backoffMs(attempt);
      runtime.metadata().maybeRefresh();
      runtime.timer().schedule(
          () -> attempt(what, next, toLeader, sender, values, attempt + 1, deadline, lastError[0], result),
          wait, TimeUnit.MILLISECONDS);
    });
  }

  private <R> CompletableFuture<Void> sendGroup(String what, Endpoint target, List<TopicPartition> group,
                                                Sender<R> sender, Map<TopicPartition, R> values,
                                                List<TopicPartition> retry, StrandException[] lastError,
                                                CompletableFuture<Map<TopicPartition, R>> result) {
    CompletableFuture<Map<TopicPartition, Outcome<R>>> call;
    try {
      call = sender.send(target, group);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle((outcomes, error) -> {
      if (error != null) {
        StrandException mapped = ErrorMapper.fromThrowable(error, what + " via " + target);
        onCallFailure(target, mapped);
        if (ErrorMapper.isRetriable(mapped)) {
          lastError[0] = mapped;
          retry.addAll(group);
        } else {
          result.completeExceptionally(mapped);
        }
        return null;
      }
      for (TopicPartition tp : group) {
        Outcome<R> outcome = outcomes.get(tp);
        if (outcome == null) {
          lastError[0] = new StrandException(what + ": no answer for " + tp + " from " + target);
          retry.add(tp);
        } else if (outcome.error() == null) {
          values.put(tp, outcome.value());
        } else if (ErrorMapper.isRetriable(outcome.error())) {
          if (outcome.error() instanceof NotLeaderException nle) {
            runtime.metadata().applyNotLeader(tp, nle);
          } else {
            runtime.metadata().requestUpdate();
          }
          lastError[0] = outcome.error();
          retry.add(tp);
        } else {
          result.completeExceptionally(outcome.error());
        }
      }
      return null;
    });
  }

  private void onCallFailure(Endpoint target, StrandException mapped) {
    if (mapped instanceof NetworkException) {
      runtime.bootstrap().failed(target);
      runtime.metadata().requestUpdate();
    }
  }
}
