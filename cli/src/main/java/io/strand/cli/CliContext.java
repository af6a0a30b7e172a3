package io.strand.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The process surroundings a command runs in: standard streams and environment. Passed in (rather than read
 * from {@code System}) so that tests can run the real commands in-process with captured streams.
 *
 * <p>Immutable; thread-safe as far as the streams are.
 *
 * @param in standard input (produce reads records from it)
 * @param out standard output (results)
 * @param err standard error (progress and failures)
 * @param env environment variables ({@code STRAND_BOOTSTRAP}, {@code STRAND_*} server settings)
 */
public record CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {

  /** Copies the environment map. */
  public CliContext {
    env = Map.copyOf(env);
  }

  /** @return the real process streams and environment */
  public static CliContext system() {
    return new CliContext(System.in, System.out, System.err, System.getenv());
  }
}
