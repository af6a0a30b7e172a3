package io.strand.client.internal;

import io.strand.client.error.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed values out of a {@code Map<String, String>} of client configs, with defaults and range checks,
 * and rejects keys nobody knows (a typo should fail loudly, not be ignored).
 *
 * <p>Not API. Not thread-safe; used while a config object is being built.
 */
public final class ConfigReader {
  private final Map<String, String> values;
  private final Set<String> known = new HashSet<>();

  /** @param values the raw configs; values are trimmed before parsing */
  public ConfigReader(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Declares keys that are accepted but read elsewhere (so that one map can configure the client, a producer
   * and a consumer).
   */
  public void accept(Set<String> keys) {
    known.addAll(keys);
  }

  /** @return the raw value of {@code key}, or {@code defaultValue} when absent */
  public String string(String key, String defaultValue) {
    known.add(key);
    String value = values.get(key);
    return value == null ? defaultValue : value.trim();
  }

  /** @return the value of {@code key} parsed with {@code parser}; parse failures become ConfigException */
  public <T> T parsed(String key, T defaultValue, Function<String, T> parser) {
    String raw = string(key, null);
    if (raw == null) {
      return defaultValue;
    }
    try {
      return parser.apply(raw);
    } catch (ConfigException e) {
      throw new ConfigException(key + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ConfigException(key + ": invalid value '" + raw + "' (" + e.getMessage() + ")");
    }
  }

  /** @return an int in {@code [min, max]} */
  public int intValue(String key, int defaultValue, int min, int max) {
    return (int) longValue(key, defaultValue, min, max);
  }

  /** @return a long in {@code [min, max]} */
  public long longValue(String key, long defaultValue, long min, long max) {
    String raw = string(key, null);
    if (raw == null) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + ": expected a whole number, got '" + raw + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(key + ": must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  /** @return {@code true}/{@code false} (any case) */
  public boolean booleanValue(String key, boolean defaultValue) {
    String raw = string(key, null);
    if (raw == null) {
      return defaultValue;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key + ": expected true or false, got '" + raw + "'");
    };
  }

  /** @return the comma-separated non-empty items of {@code key}; {@code defaultValue} when absent */
  public List<String> list(String key, List<String> defaultValue) {
    String raw = string(key, null);
    if (raw == null) {
      return defaultValue;
    }
    List<String> items = new ArrayList<>();
    Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
    return List.copyOf(items);
  }

  /**
   * Fails when the map holds a key that neither this reader nor {@link #accept} declared.
   *
   * @param what what is being configured ("producer", ...), for the message
   */
  public void rejectUnknown(String what) {
    List<String> unknown = values.keySet().stream().filter(k -> !known.contains(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown " + what + " config key(s): " + String.join(", ", unknown));
    }
  }
}
