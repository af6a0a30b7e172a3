package io.strand.client.admin;

import java.util.OptionalLong;

/**
 * The answer to one offset lookup.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param offset the offset found; -1 when a timestamp lookup found no record at or after the timestamp
 * @param timestampMs for timestamp lookups, the timestamp of the record at {@code offset}; -1 otherwise
 */
public record ListedOffset(long offset, long timestampMs) {
  /** @return the offset, empty when a timestamp lookup found nothing */
  public OptionalLong found() {
    return offset >= 0 ? OptionalLong.of(offset) : OptionalLong.empty();
  }
}
