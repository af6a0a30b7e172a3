package io.strand.server.routing;

import io.strand.api.v1.ErrorCode;
import io.strand.server.cluster.NodeRegistration;
import io.strand.store.partition.PartitionReplica;

/** Where one partition request goes, as decided by {@link LeaderRouter}. */
public sealed interface Route {

  /** The local replica leads and is ready: apply here. */
  record Local(PartitionReplica replica) implements Route {}

  /** Another node leads (or is the best guess): forward there. */
  record Remote(NodeRegistration node) implements Route {}

  /**
   * The request cannot be served now.
   *
   * @param leaderHint the node believed to lead, -1 if unknown
   */
  record Failed(ErrorCode code, String message, int leaderHint) implements Route {}
}
