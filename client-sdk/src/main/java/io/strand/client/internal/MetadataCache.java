package io.strand.client.internal;

import io.strand.api.v1.MetadataRequest;
import io.strand.api.v1.MetadataResponse;
import io.strand.api.v1.MetadataServiceGrpc;
import io.strand.client.Routing;
import io.strand.client.TopicPartition;
import io.strand.client.error.NotLeaderException;
import io.strand.client.error.StrandException;
import io.strand.client.error.UnknownTopicException;
import io.strand.client.internal.ClusterView.TopicView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's cached cluster layout for the topics it uses, refreshed from the MetadataService when it is
 * stale, when a topic is new, or when a node answered NOT_LEADER (whose leader hint is applied at once).
 *
 * <p>Refreshes are single-flight: while one is running, further requests share the next one. Not API.
 * Thread-safe: the view is an immutable snapshot behind a volatile field; refresh bookkeeping is guarded by
 * {@code this}.
 */
public final class MetadataCache {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataCache.class);

  private final ChannelPool channels;
  private final BootstrapEndpoints bootstrap;
  private final Routing routing;
  private final Duration requestTimeout;
  private final long maxAgeMs;
  private final long minRetryMs;
  private final LongSupplier nowMs;
  private final Set<String> tracked = ConcurrentHashMap.newKeySet();
  private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private volatile ClusterView view = ClusterView.EMPTY;
  private volatile boolean updateRequested;
  private CompletableFuture<ClusterView> inFlight;
  private CompletableFuture<ClusterView> queued;
  private long lastAttemptMs = Long.MIN_VALUE / 2;

  /**
   * @param channels shared channels
   * @param bootstrap the bootstrap addresses
   * @param routing in direct routing known nodes are tried when the bootstrap addresses fail
   * @param requestTimeout deadline of one metadata call
   * @param maxAge refresh even without errors after this long
   * @param minRetry least time between background refreshes
   * @param nowMs monotonic clock in milliseconds
   */
  public MetadataCache(ChannelPool channels, BootstrapEndpoints bootstrap, Routing routing, Duration requestTimeout,
                       Duration maxAge, Duration minRetry, LongSupplier nowMs) {
    this.channels = channels;
    this.bootstrap = bootstrap;
    this.routing = routing;
    this.requestTimeout = requestTimeout;
    this.maxAgeMs = maxAge.toMillis();
    this.minRetryMs = minRetry.toMillis();
    this.nowMs = nowMs;
  }

  /** @return the latest snapshot (never blocks) */
  public ClusterView current() {
    return view;
  }

  /**
   * Registers a callback run (on a gRPC thread) after each successful refresh; it must not block.
   *
   * @return unregisters the callback
   */
  public Runnable onUpdate(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Starts tracking a topic; the next refresh includes it. */
  public void track(String topic) {
    if (tracked.add(topic)) {
      updateRequested = true;
    }
  }

  /** Asks for a refresh at the next {@link #maybeRefresh} (e.g. a partition has no known leader). */
  public void requestUpdate() {
    updateRequested = true;
  }

  /**
   * Applies a NOT_LEADER answer: the hinted leader (if any) is used at once and a refresh is requested.
   *
   * @param tp the partition
   * @param error the mapped error with its hint
   */
  public void applyNotLeader(TopicPartition tp, NotLeaderException error) {
    if (error.leaderId().isPresent()) {
      Endpoint endpoint = error.leaderEndpoint().map(Endpoint::parse).orElse(null);
      synchronized (this) {
        view = view.withLeader(tp, error.leaderId().getAsInt(), error.leaderEpoch(), endpoint);
      }
    }
    updateRequested = true;
  }

  /**
   * Starts a background refresh if one is due (requested or stale) and the last attempt is at least
   * {@code retry.backoff.ms} ago. Never blocks.
   */
  public void maybeRefresh() {
    long now = nowMs.getAsLong();
    boolean stale = maxAgeMs > 0 && now - view.fetchedAtMs() >= maxAgeMs && !tracked.isEmpty();
    if (!(updateRequested || stale)) {
      return;
    }
    synchronized (this) {
      if (inFlight != null || now - lastAttemptMs < minRetryMs) {
        return;
      }
    }
    refresh();
  }

  /**
   * Fetches metadata for every tracked topic now (or joins the next fetch if one is running).
   *
   * @return the new snapshot, or the failure of every address tried
   */
  public synchronized CompletableFuture<ClusterView> refresh() {
    if (inFlight == null) {
      CompletableFuture<ClusterView> started = startFetch();
      inFlight = started;
      started.whenComplete((v, e) -> onFetchDone(e));
      return started;
    }
    if (queued == null) {
      queued = new CompletableFuture<>();
    }
    return queued;
  }

  /**
   * Resolves a topic's layout, fetching it if needed.
   *
   * @param topic the topic
   * @return the layout, or UnknownTopicException when the cluster says it does not exist
   */
  public CompletableFuture<TopicView> topic(String topic) {
    track(topic);
    TopicView known = view.topics().get(topic);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return refresh().thenApply(v -> {
      TopicView t = v.topics().get(topic);
      if (t == null) {
        throw new UnknownTopicException("topic '" + topic + "' does not exist");
      }
      return t;
    });
  }

  private synchronized CompletableFuture<ClusterView> startFetch() {
    updateRequested = false;
    lastAttemptMs = nowMs.getAsLong();
    MetadataRequest request = MetadataRequest.newBuilder().addAllTopics(new ArrayList<>(tracked)).build();
    CompletableFuture<ClusterView> result = new CompletableFuture<>();
    fetchFrom(candidates(), 0, request, result, null);
    return result;
  }

  private List<Endpoint> candidates() {
    Set<Endpoint> ordered = new LinkedHashSet<>(bootstrap.inOrder());
    if (routing == Routing.DIRECT) {
      view.nodes().values().forEach(n -> ordered.add(n.endpoint()));
    }
    return new ArrayList<>(ordered);
  }

  private void fetchFrom(List<Endpoint> endpoints, int index, MetadataRequest request,
                         CompletableFuture<ClusterView> result, StrandException lastError) {
    if (index >= endpoints.size()) {
      result.completeExceptionally(lastError);
      return;
    }
    Endpoint endpoint = endpoints.get(index);
    CompletableFuture<MetadataResponse> call;
    try {
      MetadataServiceGrpc.MetadataServiceStub stub = MetadataServiceGrpc.newStub(channels.channel(endpoint))
          .withDeadlineAfter(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      call = Calls.unary(o -> stub.getMetadata(request, o));
    } catch (RuntimeException e) {
      result.completeExceptionally(ErrorMapper.fromThrowable(e, "metadata"));
      return;
    }
    call.whenComplete((response, error) -> {
      if (error == null) {
        ClusterView fresh = ClusterView.from(response, nowMs.getAsLong());
        synchronized (this) {
          view = fresh;
        }
        result.complete(fresh);
        return;
      }
      StrandException mapped = ErrorMapper.fromThrowable(error, "metadata from " + endpoint);
      LOG.debug("metadata request to {} failed: {}", endpoint, mapped.getMessage());
      bootstrap.failed(endpoint);
      fetchFrom(endpoints, index + 1, request, result, mapped);
    });
  }

  private void onFetchDone(Throwable error) {
    CompletableFuture<ClusterView> next;
    synchronized (this) {
      inFlight = null;
      next = queued;
      queued = null;
      if (error != null) {
        updateRequested = true;
      }
      if (next != null) {
        CompletableFuture<ClusterView> started = startFetch();
        inFlight = started;
        started.whenComplete((v, e) -> {
          onFetchDone(e);
          if (e != null) {
            next.completeExceptionally(e);
          } else {
            next.complete(v);
          }
        });
      }
    }
    if (error == null) {
      listeners.forEach(Runnable::run);
    }
  }
}
