package io.strand.server;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Whether this node is ready to serve: its registration in the metadata group is applied (so its metadata is
 * current), the consumer offsets topic exists, and its local partition groups match the metadata. Mirrors the
 * answer into the gRPC health service.
 *
 * <p>Once the node has been ready, a metadata change (a new topic, a reassignment) leaves its partition groups
 * behind for the moment it takes to start them. That must not take the node out of a load balancer, so after the
 * first time the node is ready, reconciliation lag only counts once it lasts longer than {@link #RECONCILE_GRACE}.
 *
 * <p>Thread-safe.
 */
final class NodeReadiness {

  static final Duration RECONCILE_GRACE = Duration.ofSeconds(30);
  private static final long NOT_BEHIND = Long.MIN_VALUE;

  private final BooleanSupplier registered;
  private final BooleanSupplier offsetsTopicExists;
  private final Supplier<Optional<String>> notReconciledReason;
  private final LongSupplier nanoTime;
  private final HealthStatusManager health;
  private volatile boolean closed;
  private volatile boolean wasReady;
  private volatile long behindSinceNanos = NOT_BEHIND;

  /**
   * @param registered whether this node's registration has been applied by the metadata group
   * @param offsetsTopicExists whether the metadata holds the consumer offsets topic
   * @param notReconciledReason why local partition groups do not match the metadata yet, empty when they do
   */
  NodeReadiness(BooleanSupplier registered, BooleanSupplier offsetsTopicExists,
                Supplier<Optional<String>> notReconciledReason, LongSupplier nanoTime, HealthStatusManager health) {
    this.registered = registered;
    this.offsetsTopicExists = offsetsTopicExists;
    this.notReconciledReason = notReconciledReason;
    this.nanoTime = nanoTime;
    this.health = health;
  }

  /** Why the node is not ready, or empty when it is. */
  Optional<String> notReadyReason() {
    if (closed) {
      return Optional.of("shutting down");
    }
    if (!registered.getAsBoolean()) {
      return Optional.of("metadata not loaded: this node's registration has not committed yet (a majority of"
          + " the peers must be up)");
    }
    if (!offsetsTopicExists.getAsBoolean()) {
      return Optional.of("consumer offsets topic not created yet (it needs min(3, peers) registered nodes)");
    }
    Optional<String> behind = notReconciledReason.get();
    if (behind.isEmpty()) {
      wasReady = true;
      behindSinceNanos = NOT_BEHIND;
      return Optional.empty();
    }
    if (!wasReady) {
      return behind;
    }
    long now = nanoTime.getAsLong();
    if (behindSinceNanos == NOT_BEHIND) {
      behindSinceNanos = now;
    }
    return now - behindSinceNanos > RECONCILE_GRACE.toNanos()
        ? behind.map(reason -> reason + " for more than " + RECONCILE_GRACE.toSeconds() + " s")
        : Optional.empty();
  }

  boolean isReady() {
    return notReadyReason().isEmpty();
  }

  /** Publishes the current state to the health service; called periodically. */
  void refresh() {
    if (!closed) {
      health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
          isReady() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }
  }

  void close() {
    closed = true;
    health.enterTerminalState();
  }
}
