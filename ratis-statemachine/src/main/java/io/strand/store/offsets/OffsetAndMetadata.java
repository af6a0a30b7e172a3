package io.strand.store.offsets;

import java.util.Objects;

/**
 * A committed offset.
 *
 * @param offset the next offset the group consumes (>= 0)
 * @param leaderEpoch leader epoch of the last consumed record as the consumer saw it; -1 if unknown
 * @param metadata opaque client metadata ("" if none)
 * @param commitTimeMs when the coordinator accepted the commit, ms since the epoch
 */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata, long commitTimeMs) {
  public OffsetAndMetadata {
    Objects.requireNonNull(metadata, "metadata");
  }
}
