package io.strand.server.cluster;

import io.strand.store.log.LogConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Effective log settings of topics: the log defaults, overridden by the server's {@code topic.config.defaults},
 * overridden by the topic's own overrides.
 *
 * <p>Immutable and thread-safe.
 */
public final class TopicConfigs {

  private final LogConfig serverDefaults;

  /**
   * @throws IllegalArgumentException naming the key when a server default is unknown or invalid
   */
  public TopicConfigs(Map<String, String> serverDefaults) {
    this.serverDefaults = LogConfig.fromTopicConfigs(serverDefaults);
  }

  /** The log settings a partition of this topic runs with. */
  public LogConfig effective(TopicInfo topic) {
    return serverDefaults.withTopicConfigs(topic.configs());
  }

  /** Checks overrides against this node's defaults (before proposing); empty when valid. */
  public Optional<String> validate(Map<String, String> overrides) {
    return check(() -> serverDefaults.withTopicConfigs(overrides));
  }

  /**
   * The validator the metadata state machine applies: overrides against the built-in log defaults only, so that
   * every replica reaches the same verdict whatever its own {@code topic.config.defaults}.
   */
  public static TopicConfigValidator deterministicValidator() {
    return overrides -> check(() -> LogConfig.fromTopicConfigs(overrides));
  }

  private static Optional<String> check(Runnable build) {
    try {
      build.run();
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }
}
