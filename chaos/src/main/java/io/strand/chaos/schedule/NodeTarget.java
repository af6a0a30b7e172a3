package io.strand.chaos.schedule;

/**
 * Which node a fault hits: a fixed node ({@code n2}), or whichever node leads ({@code leader:p1}) or follows
 * ({@code follower:p1}) a partition of the workload topic when the fault starts.
 *
 * @param role how to pick the node
 * @param id the node id for {@link Role#NODE}, else the partition number
 */
public record NodeTarget(Role role, int id) {
  /** How a target is resolved. */
  public enum Role {
    /** A fixed node id. */
    NODE,
    /** The partition's leader at the time. */
    LEADER,
    /** A replica of the partition that is not its leader at the time. */
    FOLLOWER
  }

  public NodeTarget {
    if (id < 0 || (role == Role.NODE && id < 1)) {
      throw new IllegalArgumentException("bad target id " + id + " for " + role);
    }
  }

  public static NodeTarget node(int id) {
    return new NodeTarget(Role.NODE, id);
  }

  public static NodeTarget leaderOf(int partition) {
    return new NodeTarget(Role.LEADER, partition);
  }

  public static NodeTarget followerOf(int partition) {
    return new NodeTarget(Role.FOLLOWER, partition);
  }

  /** Parses {@code n2}, {@code leader:p1} or {@code follower:p1}. */
  public static NodeTarget parse(String text) {
    String t = text.strip();
    try {
      if (t.startsWith("leader:p")) {
        return leaderOf(Integer.parseInt(t.substring("leader:p".length())));
      }
      if (t.startsWith("follower:p")) {
        return followerOf(Integer.parseInt(t.substring("follower:p".length())));
      }
      if (t.startsWith("n")) {
        return node(Integer.parseInt(t.substring(1)));
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("a node target is nID, leader:pK or follower:pK; got '" + text + "'");
  }

  /** True if the text looks like a node target rather than partition groups or links. */
  static boolean looksLikeTarget(String text) {
    String t = text.strip();
    return t.startsWith("n") || t.startsWith("leader:") || t.startsWith("follower:");
  }

  @Override
  public String toString() {
    return switch (role) {
      case NODE -> "n" + id;
      case LEADER -> "leader:p" + id;
      case FOLLOWER -> "follower:p" + id;
    };
  }
}
