package io.strand.server.routing;

import io.grpc.Context;
import io.grpc.Deadline;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.PartitionError;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.error.ErrorCodes;
import io.strand.server.error.GrpcErrors;
import io.strand.server.interceptor.ForwardedCalls;
import io.strand.server.metrics.ServerMetrics;
import io.strand.store.error.NotLeaderException;
import io.strand.store.partition.TopicPartitionId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a multi-partition request: routes every partition ({@link LeaderRouter}), serves local ones on the local
 * replica, forwards the rest in one call per leader node, and retries partitions that failed with NOT_LEADER or
 * LEADER_NOT_AVAILABLE (leader moved, election running, node unreachable) with exponential back-off until the
 * deadline. The gRPC context of the caller is carried into every forward and retry, so cancellation and the
 * deadline reach the leader. Calls that were themselves forwarded are not retried here: their origin retries.
 *
 * <p>Thread-safe; each {@link #run} keeps its own state.
 */
public final class RoutedExecution {

  private static final long FIRST_BACKOFF_MS = 25;
  private static final long MAX_BACKOFF_MS = 1000;

  private final LeaderRouter router;
  private final MetadataSync metadataSync;
  private final ScheduledExecutorService scheduler;
  private final ServerMetrics metrics;

  public RoutedExecution(LeaderRouter router, MetadataSync metadataSync, ScheduledExecutorService scheduler,
                         ServerMetrics metrics) {
    this.router = router;
    this.metadataSync = metadataSync;
    this.scheduler = scheduler;
    this.metrics = metrics;
  }

  /** Results in item order; never fails (every failure becomes a per-partition error). */
  public <I, R> CompletableFuture<List<R>> run(PartitionOperation<I, R> op, List<I> items, Deadline deadline) {
    return new Run<>(op, items, deadline).start();
  }

  /** Whether a per-partition error means "try again once the leader is known". */
  static boolean isRoutingError(ErrorCode code) {
    return code == ErrorCode.ERROR_CODE_NOT_LEADER || code == ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE;
  }

  private static boolean isUnknown(ErrorCode code) {
    return code == ErrorCode.ERROR_CODE_UNKNOWN_TOPIC || code == ErrorCode.ERROR_CODE_UNKNOWN_PARTITION;
  }

  private final class Run<I, R> {
    private final PartitionOperation<I, R> op;
    private final List<I> items;
    private final Deadline deadline;
    private final Object[] results;
    private final Context context = Context.current();
    private final boolean forwarded = ForwardedCalls.isForwarded();
    private final CompletableFuture<List<R>> done = new CompletableFuture<>();
    private int attempt;
    private boolean metadataSynced;

    Run(PartitionOperation<I, R> op, List<I> items, Deadline deadline) {
      this.op = op;
      this.items = items;
      this.deadline = deadline;
      this.results = new Object[items.size()];
    }

    CompletableFuture<List<R>> start() {
      List<Integer> all = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        all.add(i);
      }
      round(all);
      return done;
    }

    private void round(List<Integer> pending) {
      List<CompletableFuture<?>> parts = new ArrayList<>();
      Map<Integer, List<Integer>> byNode = new LinkedHashMap<>();
      Map<Integer, NodeRegistration> nodes = new LinkedHashMap<>();
      for (int i : pending) {
        I item = items.get(i);
        Route route = router.route(op.partition(item), forwarded);
        if (route instanceof Route.Local local) {
          parts.add(safely(() -> op.local(local.replica(), item, deadline))
              .handle((r, e) -> results[i] = e == null ? r : op.failed(item, errorOf(e))));
        } else if (route instanceof Route.Remote remote) {
          byNode.computeIfAbsent(remote.node().nodeId(), k -> new ArrayList<>()).add(i);
          nodes.put(remote.node().nodeId(), remote.node());
        } else if (route instanceof Route.Failed failed) {
          results[i] = op.failed(item, error(failed.code(), failed.message(), failed.leaderHint()));
        }
      }
      byNode.forEach((nodeId, indices) -> parts.add(forward(nodes.get(nodeId), indices)));
      CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
          .whenComplete((v, e) -> afterRound(pending));
    }

    private CompletableFuture<?> forward(NodeRegistration node, List<Integer> indices) {
      metrics.forwarded(op.method());
      List<I> subset = indices.stream().map(items::get).toList();
      CompletableFuture<List<R>> call;
      try {
        call = context.call(() -> op.remote(node, subset, deadline));
      } catch (Exception e) {
        call = CompletableFuture.failedFuture(e);
      }
      return call.handle((rs, e) -> {
        for (int j = 0; j < indices.size(); j++) {
          int i = indices.get(j);
          TopicPartitionId tp = op.partition(items.get(i));
          if (e != null || rs.size() != indices.size()) {
            router.cache().invalidate(tp, node.nodeId());
            results[i] = op.failed(items.get(i), error(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, "node "
                + node.nodeId() + " (" + node.host() + ":" + node.grpcPort() + ") did not answer: "
                + (e == null ? "wrong result count" : ErrorCodes.message(e)), -1));
          } else {
            R r = rs.get(j);
            if (op.errorOf(r).getCode() == ErrorCode.ERROR_CODE_NONE) {
              router.cache().update(tp, node.nodeId());
            }
            results[i] = r;
          }
        }
        return null;
      });
    }

    @SuppressWarnings("unchecked")
    private void afterRound(List<Integer> pending) {
      List<Integer> retry = new ArrayList<>();
      boolean unknown = false;
      for (int i : pending) {
        PartitionError error = op.errorOf((R) results[i]);
        if (isRoutingError(error.getCode())) {
          retry.add(i);
          TopicPartitionId tp = op.partition(items.get(i));
          router.cache().update(tp, error.hasLeader() ? error.getLeader().getLeaderId() : -1);
        } else if (isUnknown(error.getCode()) && !metadataSynced) {
          retry.add(i);
          unknown = true;
        }
      }
      if (unknown) {
        metadataSynced = true;
        metadataSync.catchUp()
            .orTimeout(Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS)), TimeUnit.MILLISECONDS)
            .whenComplete((v, e) -> context.run(() -> round(retry)));
        return;
      }
      long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt, 10));
      boolean timeLeft = deadline.timeRemaining(TimeUnit.MILLISECONDS) > backoff + 20;
      if (retry.isEmpty() || forwarded || context.isCancelled() || !timeLeft) {
        done.complete((List<R>) (List<?>) Arrays.asList(results));
        return;
      }
      attempt++;
      metrics.retried(op.method());
      scheduler.schedule(context.wrap(() -> round(retry)), backoff, TimeUnit.MILLISECONDS);
    }
  }

  private static <T> CompletableFuture<T> safely(java.util.concurrent.Callable<CompletableFuture<T>> call) {
    try {
      return call.call();
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** A per-partition error for a failure, keeping the leader hint of a NotLeaderException. */
  PartitionError errorOf(Throwable failure) {
    Throwable t = GrpcErrors.unwrap(failure);
    int hint = t instanceof NotLeaderException nle ? nle.leaderNodeId().orElse(-1) : -1;
    return error(ErrorCodes.of(t), ErrorCodes.message(t), hint);
  }

  PartitionError error(ErrorCode code, String message, int leaderHint) {
    PartitionError.Builder b = PartitionError.newBuilder().setCode(code).setMessage(message);
    if (isRoutingError(code)) {
      b.setLeader(router.hint(leaderHint));
    }
    return b.build();
  }
}
