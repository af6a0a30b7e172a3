package io.strand.client;

import io.strand.client.error.ConfigException;
import java.util.Locale;

/**
 * Where the client sends partition calls.
 *
 * <p>Immutable; thread-safe.
 */
public enum Routing {
  /**
   * Learn the cluster layout from metadata and send each partition call straight to that partition's leader;
   * refresh the layout when a node answers NOT_LEADER. The fastest path, and the default.
   */
  DIRECT,
  /**
   * Send every call to the bootstrap address(es) and let the receiving node forward it. For clients behind a
   * load balancer that cannot reach individual nodes.
   */
  PROXY;

  /**
   * Parses {@code direct} or {@code proxy} (any case).
   *
   * @param value the config value
   * @return the routing mode
   * @throws ConfigException when the value is neither
   */
  public static Routing parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "direct" -> DIRECT;
      case "proxy" -> PROXY;
      default -> throw new ConfigException("routing must be 'direct' or 'proxy', got '" + value + "'");
    };
  }

  /** @return the config spelling, {@code direct} or {@code proxy} */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
