package io.strand.server.cluster;

import java.util.Map;
import java.util.Optional;

/**
 * Checks topic config overrides. Must be deterministic: every metadata replica runs it while applying the same
 * command and must reach the same verdict.
 */
@FunctionalInterface
public interface TopicConfigValidator {

  /** Returns why the overrides are invalid (naming the key), or empty when they are valid. */
  Optional<String> validate(Map<String, String> overrides);
}
