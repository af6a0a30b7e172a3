package io.strand.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A finished short-lived command: its exit code, standard output and standard error.
 *
 * @param command what ran
 * @param exitCode the exit code
 * @param stdout standard output
 * @param stderr standard error
 */
record ProcessResult(List<String> command, int exitCode, String stdout, String stderr) {

  /** Runs a command to completion with no input; fails after {@code timeoutSeconds} (the command is killed). */
  static ProcessResult run(List<String> command, Path workDir, long timeoutSeconds) {
    return run(command, workDir, timeoutSeconds, Path.of("/dev/null"), Map.of());
  }

  /**
   * Runs a command to completion with its standard input read from a file and extra environment variables.
   *
   * @param workDir working directory, or null for the current one
   * @param timeoutSeconds the command is killed, and this fails, after this long
   */
  static ProcessResult run(List<String> command, Path workDir, long timeoutSeconds, Path stdin,
                           Map<String, String> env) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("strand-ops-cmd", ".out");
      err = Files.createTempFile("strand-ops-cmd", ".err");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()));
      builder.environment().putAll(env);
      if (workDir != null) {
        builder.directory(workDir.toFile());
      }
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + command + "\n"
            + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new ProcessResult(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      delete(out);
      delete(err);
    }
  }

  private static void delete(Path file) {
    if (file != null) {
      file.toFile().delete();
    }
  }

  /** Standard output followed by standard error. */
  String output() {
    return stdout + stderr;
  }

  /** This result, or an AssertionError showing the command and its output. */
  ProcessResult assertSuccess() {
    if (exitCode != 0) {
      throw new AssertionError("exit code " + exitCode + " from " + String.join(" ", command) + ":\n" + output());
    }
    return this;
  }
}
