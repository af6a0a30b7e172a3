package io.strand.server;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.strand.server.cluster.NodeRegistrar;
import io.strand.server.cluster.PartitionReconciler;
import java.util.Optional;

/**
 * Whether this node is ready to serve: its registration in the metadata group is applied (so its metadata is
 * current) and its local partition groups match the metadata. Mirrors the answer into the gRPC health service.
 *
 * <p>Thread-safe.
 */
final class NodeReadiness {

  private final NodeRegistrar registrar;
  private final PartitionReconciler reconciler;
  private final HealthStatusManager health;
  private volatile boolean closed;

  NodeReadiness(NodeRegistrar registrar, PartitionReconciler reconciler, HealthStatusManager health) {
    this.registrar = registrar;
    this.reconciler = reconciler;
    this.health = health;
  }

  /** Why the node is not ready, or empty when it is. */
  Optional<String> notReadyReason() {
    if (closed) {
      return Optional.of("shutting down");
    }
    if (!registrar.isRegistered()) {
      return Optional.of("metadata not loaded: this node's registration has not committed yet (a majority of"
          + " the peers must be up)");
    }
    return reconciler.notReconciledReason();
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
