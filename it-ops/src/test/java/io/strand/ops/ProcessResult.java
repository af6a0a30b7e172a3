package io.strand.ops;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A finished short-lived command: its exit code and combined stdout/stderr.
 *
 * @param command what ran
 * @param exitCode the exit code
 * @param output stdout and stderr, interleaved
 */
record ProcessResult(List<String> command, int exitCode, String output) {

  /**
   * Runs a command to completion.
   *
   * @param workDir working directory, or null for the current one
   * @param timeoutSeconds the command is killed, and this fails, after this long
   */
  static ProcessResult run(List<String> command, Path workDir, long timeoutSeconds) {
    Path output = null;
    try {
      output = Files.createTempFile("strand-ops-cmd", ".out");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      if (workDir != null) {
        builder.directory(workDir.toFile());
      }
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + command + "\n"
            + Files.readString(output, StandardCharsets.UTF_8));
      }
      return new ProcessResult(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  /** This result, or an AssertionError showing the command and its output. */
  ProcessResult assertSuccess() {
    if (exitCode != 0) {
      throw new AssertionError("exit code " + exitCode + " from " + String.join(" ", command) + ":\n" + output);
    }
    return this;
  }
}
