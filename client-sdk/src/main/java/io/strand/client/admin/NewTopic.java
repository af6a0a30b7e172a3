package io.strand.client.admin;

import java.util.Map;
import java.util.Objects;

/**
 * What to create: a topic name, its partition count, replication factor and config overrides.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param name {@code [a-zA-Z0-9._-]{1,249}}, not starting with {@code __}
 * @param partitions at least 1
 * @param replicationFactor 1 up to the number of nodes; 0 lets the cluster choose {@code min(3, nodes)}
 * @param configs topic config overrides such as {@code retention.ms}; may be empty
 */
public record NewTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {

  /** Validates what the client can check itself and copies the config map. */
  public NewTopic {
    Objects.requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    if (replicationFactor < 0) {
      throw new IllegalArgumentException("replication factor must be >= 0, got " + replicationFactor);
    }
    configs = Map.copyOf(configs);
  }

  /** A topic without config overrides. */
  public NewTopic(String name, int partitions, int replicationFactor) {
    this(name, partitions, replicationFactor, Map.of());
  }
}
