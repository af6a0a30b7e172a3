package io.strand.client.admin;

import java.util.List;

/**
 * The cluster's nodes and who leads the metadata group.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param clusterId the cluster's id
 * @param controllerId the node leading the metadata group, -1 if none
 * @param nodes every node, ordered by id
 */
public record ClusterDescription(String clusterId, int controllerId, List<ClusterNode> nodes) {
  /** Copies the node list. */
  public ClusterDescription {
    nodes = List.copyOf(nodes);
  }
}
