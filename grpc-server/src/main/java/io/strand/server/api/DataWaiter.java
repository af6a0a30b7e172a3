package io.strand.server.api;

import io.grpc.Deadline;
import io.strand.api.v1.FetchRequest;
import io.strand.api.v1.FetchResponse;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.routing.ForwardingClient;
import io.strand.server.routing.LeaderRouter;
import io.strand.server.routing.Route;
import io.strand.server.routing.UnaryCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until any of a fetch's partitions may have new data, or a timeout: high-watermark listeners on local
 * leader replicas, and forwarded long-poll fetches (min_bytes = 1) for partitions led elsewhere. Whatever fires
 * first ends the wait and releases everything else (listeners closed, remote calls cancelled).
 *
 * <p>Used once per wait; thread-safe.
 */
final class DataWaiter {

  private static final Logger LOG = LoggerFactory.getLogger(DataWaiter.class);
  private static final long REMOTE_SLACK_MS = 5000;

  private final LeaderRouter router;
  private final ForwardingClient forwarding;
  private final ScheduledExecutorService scheduler;
  private final boolean forwarded;

  DataWaiter(LeaderRouter router, ForwardingClient forwarding, ScheduledExecutorService scheduler,
             boolean forwarded) {
    this.router = router;
    this.forwarding = forwarding;
    this.scheduler = scheduler;
    this.forwarded = forwarded;
  }

  CompletableFuture<Void> await(List<FetchOperation.Item> items, long maxWaitMs) {
    CompletableFuture<Void> signal = new CompletableFuture<>();
    List<AutoCloseable> listeners = new ArrayList<>();
    List<CompletableFuture<FetchResponse>> calls = new ArrayList<>();
    ScheduledFuture<?> timer = scheduler.schedule(() -> signal.complete(null), maxWaitMs, TimeUnit.MILLISECONDS);
    Map<Integer, List<FetchOperation.Item>> byNode = new LinkedHashMap<>();
    Map<Integer, NodeRegistration> nodes = new LinkedHashMap<>();
    for (FetchOperation.Item item : items) {
      Route route = router.route(item.id(), forwarded);
      if (route instanceof Route.Local local) {
        listeners.add(local.replica().onHighWatermark(hw -> {
          if (hw > item.fetchOffset()) {
            signal.complete(null);
          }
        }));
        if (local.replica().highWatermark() > item.fetchOffset()) {
          signal.complete(null);
        }
      } else if (route instanceof Route.Remote remote) {
        byNode.computeIfAbsent(remote.node().nodeId(), k -> new ArrayList<>()).add(item);
        nodes.put(remote.node().nodeId(), remote.node());
      } else {
        signal.complete(null);
      }
    }
    if (!forwarded) {
      byNode.forEach((nodeId, group) -> {
        FetchRequest request = FetchOperation.request(group, (int) maxWaitMs);
        Deadline deadline = Deadline.after(maxWaitMs + REMOTE_SLACK_MS, TimeUnit.MILLISECONDS);
        CompletableFuture<FetchResponse> call = UnaryCall.start(
            obs -> forwarding.fetch(nodes.get(nodeId), deadline).fetch(request, obs));
        calls.add(call);
        call.whenComplete((r, e) -> signal.complete(null));
      });
    }
    signal.whenComplete((v, e) -> {
      timer.cancel(false);
      calls.forEach(c -> c.cancel(true));
      for (AutoCloseable listener : listeners) {
        try {
          listener.close();
        } catch (Exception ex) {
          LOG.debug("closing a high-watermark listener failed", ex);
        }
      }
    });
    return signal;
  }
}
