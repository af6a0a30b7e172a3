package io.strand.client.producer;

import io.strand.client.error.ConfigException;
import java.util.Locale;

/**
 * When the cluster acknowledges a produce request.
 *
 * <p>Immutable; thread-safe.
 */
public enum Acks {
  /**
   * Once the batch is committed by a Raft majority and fsynced on each of those replicas. Kafka's {@code
   * acks=1} maps here too: a Raft leader cannot acknowledge alone.
   */
  ALL,
  /** As soon as the receiving node accepted the request, without waiting; writes may be lost on failure. */
  NONE;

  /**
   * Parses {@code all}, {@code -1} or {@code 1} (→ ALL) and {@code none} or {@code 0} (→ NONE).
   *
   * @param value the config value
   * @return the mode
   */
  public static Acks parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "all", "-1", "1" -> ALL;
      case "none", "0" -> NONE;
      default -> throw new ConfigException("acks must be all or none (Kafka's -1/1 and 0 are accepted), got '"
          + value + "'");
    };
  }

  /** @return the config spelling */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
