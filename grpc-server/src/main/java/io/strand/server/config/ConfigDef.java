package io.strand.server.config;

/**
 * Description of one config key, for documentation and for reporting.
 *
 * @param key the key as written in config files (environment variable: {@code STRAND_} + upper-cased key with
 *     dots as underscores)
 * @param type one of int, string, path, list, map
 * @param defaultValue the default, formatted as it would be written
 * @param doc one or two sentences: meaning, unit, edge cases
 */
public record ConfigDef(String key, String type, String defaultValue, String doc) {

  /** The environment variable the CLI reads this key from, e.g. {@code STRAND_NODE_ID}. */
  public String environmentVariable() {
    return "STRAND_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }
}
