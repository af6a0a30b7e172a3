package io.strand.chaos.check;

/** The kinds of anomaly the checker reports; definitions are in {@code docs/testing.md}. */
public enum Anomaly {
  /** An acknowledged write is missing from the final read, although that read reached past its offset. */
  LOST("lost", "acknowledged write missing from the final read, which covered its offset"),
  /** One value at two or more (partition, offset) positions: written twice or reported at two places. */
  DUPLICATE("duplicate", "one value at more than one partition offset"),
  /** Two different values observed (read or acknowledged) at the same partition offset. */
  INCONSISTENT_OFFSET("inconsistent-offset", "different values at the same partition offset"),
  /** A producer's acknowledged offsets in one partition do not increase in the order it sent them. */
  NON_MONOTONIC_SEND("non-monotonic-send", "a producer's acked offsets go backwards within a partition"),
  /** A consumer read an offset at or below one it already read, with no seek, assign or rebalance between. */
  NON_MONOTONIC_POLL("non-monotonic-poll", "a consumer's reads go backwards without a seek or rebalance"),
  /** A consumer's next read jumped over offsets, with no seek, assign or rebalance between. */
  POLL_SKIP("poll-skip", "a consumer's reads skip offsets without a seek or rebalance"),
  /** A group's committed offset for a partition went down after a higher commit had completed. */
  COMMITTED_OFFSET_REGRESSION("committed-offset-regression", "a group's committed offset moved backwards"),
  /** An acknowledged write the final read did not reach (the partition was not read far enough). */
  UNSEEN("unseen", "acknowledged write not visible after the healed phase"),
  /** A write reported as definitely failed was read. */
  FAILED_WRITE_VISIBLE("failed-write-visible", "a write that failed definitely was read"),
  /** A value was read that no producer ever sent (corruption or a foreign writer). */
  NEVER_WRITTEN("never-written", "a value read that was never sent"),
  /** The history itself is inconsistent (a completion without invocation, a value sent twice). */
  MALFORMED_HISTORY("malformed-history", "the history breaks its own schema rules");

  private final String wireName;
  private final String description;

  Anomaly(String wireName, String description) {
    this.wireName = wireName;
    this.description = description;
  }

  /** The name used in reports. */
  public String wireName() {
    return wireName;
  }

  /** One-line definition. */
  public String description() {
    return description;
  }
}
