package io.strand.chaos.schedule;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of fault; {@link #wireName()} is the word used in fault plans and flags. */
public enum FaultKind {
  /** kill -9 a node; restart it when the fault ends. Argument: a {@link NodeTarget}. */
  KILL("kill", false, false),
  /** SIGSTOP a node; SIGCONT it when the fault ends. Argument: a {@link NodeTarget}. */
  PAUSE("pause", false, false),
  /**
   * Cut links between nodes until the fault ends. Argument: groups ({@code 1,2|3}: nodes talk only within a
   * group) or a {@link NodeTarget} to isolate (e.g. {@code leader:p0} for a lone isolated leader).
   */
  PARTITION("partition", true, true),
  /** Throttle directed links until the fault ends. Argument: links, e.g. {@code 1>2,2>1}. */
  SLOW("slow", true, true),
  /** Fill a node's data volume until the fault ends. Argument: a {@link NodeTarget}. */
  DISK_FULL("disk-full", true, false),
  /**
   * kill -9 a node, cut bytes off its newest segments, restart it when the fault ends. Argument: a
   * {@link NodeTarget}, normally {@code follower:pK}.
   */
  TORN_TAIL("torn-tail", false, false),
  /** Repeatedly pause the current leader of random partitions for a few seconds, forcing elections. No argument. */
  LEADER_STORM("leader-storm", false, false);

  private final String wireName;
  private final boolean needsRoot;
  private final boolean needsLinkFaults;

  FaultKind(String wireName, boolean needsRoot, boolean needsLinkFaults) {
    this.wireName = wireName;
    this.needsRoot = needsRoot;
    this.needsLinkFaults = needsLinkFaults;
  }

  public String wireName() {
    return wireName;
  }

  /** True if injecting it needs root (namespaces, mounts). */
  public boolean needsRoot() {
    return needsRoot;
  }

  /** True if it needs a network that can cut single links (per-node namespaces). */
  public boolean needsLinkFaults() {
    return needsLinkFaults;
  }

  /** Parses a wire name; the exception lists the valid ones. */
  public static FaultKind forWireName(String name) {
    return Arrays.stream(values()).filter(k -> k.wireName.equals(name.strip())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown fault kind '" + name + "', expected one of "
            + Arrays.stream(values()).map(FaultKind::wireName).collect(Collectors.joining(", "))));
  }
}
