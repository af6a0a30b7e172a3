package io.strand.store.raft;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Identity, Raft endpoint, storage root and Ratis tuning of one node; built by the composition root (grpc-server)
 * from its server config. The canonical constructor validates, so an instance is always usable.
 *
 * <p>Layout under {@code dataDir}: {@code raft/} (Ratis storage, one sub-directory per group),
 * {@code raft-removed/} (groups removed without deleting their data), {@code raft-held/} (groups held out at
 * start-up because their replica's data is damaged), {@code partitions/<group uuid>/} (a partition's segment files,
 * snapshot and descriptor) and {@code partitions-removed/}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nodeId this node's id, unique in the cluster and at least 1; the Raft peer id is {@code "n" + nodeId}
 * @param raftHost the address the Ratis gRPC server binds to
 * @param raftPort the port the Ratis gRPC server binds to (1-65535; pick a free one in tests)
 * @param dataDir the node's storage root
 * @param tuning Ratis settings, see {@link RatisTuning#DEFAULT}
 */
public record RaftNodeConfig(int nodeId, String raftHost, int raftPort, Path dataDir, RatisTuning tuning) {

  public RaftNodeConfig {
    if (nodeId < 1) {
      throw new IllegalArgumentException("nodeId must be at least 1, got " + nodeId);
    }
    Objects.requireNonNull(raftHost, "raftHost");
    if (raftHost.isBlank()) {
      throw new IllegalArgumentException("raftHost must not be blank");
    }
    if (raftPort < 1 || raftPort > 65535) {
      throw new IllegalArgumentException("raftPort must be in 1..65535, got " + raftPort);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(tuning, "tuning");
  }

  /** Ratis' storage directory: one sub-directory per hosted group. */
  public Path raftStorageDir() {
    return dataDir.resolve("raft");
  }

  /** Where Ratis moves the directories of groups removed without deleting their data. */
  public Path raftRemovedGroupsDir() {
    return dataDir.resolve("raft-removed");
  }

  /** Where start-up moves the Raft storage of a group whose partition replica is damaged, out of Ratis' sight. */
  public Path heldGroupsDir() {
    return dataDir.resolve("raft-held");
  }

  /** Root of the partition directories ({@code <group uuid>/} each). */
  public Path partitionsDir() {
    return dataDir.resolve("partitions");
  }

  /** Where partition directories go when their group is removed without deleting data. */
  public Path removedPartitionsDir() {
    return dataDir.resolve("partitions-removed");
  }
}
