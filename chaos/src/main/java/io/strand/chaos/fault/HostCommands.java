package io.strand.chaos.fault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs short host commands ({@code ip}, {@code tc}, {@code kill}, {@code mount}) with a deadline and captures
 * their output. A command that outlives its deadline is killed and reported as failed.
 *
 * <p>Thread-safe: no shared mutable state.
 */
public final class HostCommands {
  private final Duration timeout;

  /** @param timeout how long one command may run */
  public HostCommands(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
  }

  /** Runs a command and returns what it did, whatever its exit code. */
  public CommandResult run(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new FaultInjectionException("cannot start '" + String.join(" ", command) + "': " + e.getMessage(), e);
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // the command reads nothing; a stdin that cannot be closed changes nothing
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new FaultInjectionException("'" + String.join(" ", command) + "' did not finish within " + timeout);
      }
      return new CommandResult(command, process.exitValue(), out.get(5, TimeUnit.SECONDS),
          err.get(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new FaultInjectionException("interrupted while running '" + String.join(" ", command) + "'", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new FaultInjectionException("cannot read the output of '" + String.join(" ", command) + "'", e);
    }
  }

  /** Runs a command and returns its stdout; a non-zero exit fails with the command and its stderr. */
  public String runChecked(String... command) {
    CommandResult result = run(Arrays.asList(command));
    if (!result.succeeded()) {
      throw new FaultInjectionException(result.describe());
    }
    return result.stdout();
  }

  /** Runs a command whose failure is tolerable (cleanup of something that may already be gone). */
  public CommandResult runQuietly(String... command) {
    return run(Arrays.asList(command));
  }

  /** True if this JVM runs as root (uid 0): namespaces, policy routing, qdiscs and mounts need it. */
  public boolean isRoot() {
    CommandResult result = run(List.of("id", "-u"));
    return result.succeeded() && result.stdout().strip().equals("0");
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }, HostCommands::startDaemon);
  }

  /** One short-lived thread per output stream, so a blocked read never starves a shared pool. */
  private static void startDaemon(Runnable task) {
    Thread thread = new Thread(task, "host-command-output");
    thread.setDaemon(true);
    thread.start();
  }
}
