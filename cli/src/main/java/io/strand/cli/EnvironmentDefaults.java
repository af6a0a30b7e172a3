package io.strand.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default values of {@code strand server} flags from the environment: {@code --node-id} defaults to {@code
 * STRAND_NODE_ID}, {@code --data-dir} to {@code STRAND_DATA_DIR}, and so on ({@code STRAND_} plus the flag
 * name upper-cased with dashes as underscores). A flag given on the command line wins.
 *
 * <p>Immutable; thread-safe.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;

  /** @param env the environment */
  EnvironmentDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** @return the environment variable for a long flag, e.g. {@code --grpc-port} → {@code STRAND_GRPC_PORT} */
  static String variableFor(String longFlag) {
    return "STRAND_" + longFlag.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String value = env.get(variableFor(option.longestName()));
    return value == null || value.isBlank() ? null : value;
  }
}
