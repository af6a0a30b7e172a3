package io.strand.client.consumer;

import io.strand.client.error.ConfigException;
import java.util.Locale;

/**
 * Where a consumer starts when a partition has no position yet, or its position fell out of the log.
 *
 * <p>Immutable; thread-safe.
 */
public enum OffsetResetStrategy {
  /** The log start offset: read everything that is still stored. */
  EARLIEST,
  /** The high watermark: read only records committed from now on. */
  LATEST,
  /** No automatic reset: {@code poll} throws {@link io.strand.client.error.OffsetOutOfRangeException}. */
  NONE;

  /**
   * @param value {@code earliest}, {@code latest} or {@code none}
   * @return the strategy
   */
  public static OffsetResetStrategy parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "earliest" -> EARLIEST;
      case "latest" -> LATEST;
      case "none" -> NONE;
      default -> throw new ConfigException("expected earliest, latest or none, got '" + value + "'");
    };
  }
}
