package io.strand.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The process surroundings a command runs in: standard streams, environment and the JVM's shutdown hooks.
 * Passed in (rather than read from {@code System}/{@code Runtime}) so that tests can run the real commands
 * in-process with captured streams and trigger a "SIGTERM" themselves.
 *
 * <p>Immutable; thread-safe as far as the streams are.
 *
 * @param in standard input (produce reads records from it)
 * @param out standard output (results)
 * @param err standard error (progress and failures)
 * @param env environment variables ({@code STRAND_BOOTSTRAP}, {@code STRAND_*} server settings)
 * @param shutdownHooks registers work to run when the process is asked to stop (SIGTERM, Ctrl-C)
 */
public record CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                         ShutdownHooks shutdownHooks) {

  /** Registers shutdown work. */
  @FunctionalInterface
  public interface ShutdownHooks {
    /** @param hook runs once when the process is asked to stop */
    void add(Runnable hook);
  }

  /** Copies the environment map. */
  public CliContext {
    env = Map.copyOf(env);
  }

  /** A context whose shutdown hooks are never run (commands that do not register any). */
  public CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    this(in, out, err, env, hook -> { });
  }

  /** @return the real process streams, environment and JVM shutdown hooks */
  public static CliContext system() {
    return new CliContext(System.in, System.out, System.err, System.getenv(),
        hook -> Runtime.getRuntime().addShutdownHook(new Thread(hook, "strand-shutdown")));
  }
}
