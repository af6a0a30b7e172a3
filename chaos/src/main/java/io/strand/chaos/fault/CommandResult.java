package io.strand.chaos.fault;

import java.util.List;

/**
 * What a host command did.
 *
 * @param command the argv
 * @param exitCode its exit code
 * @param stdout everything it printed on stdout
 * @param stderr everything it printed on stderr
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
  public CommandResult {
    command = List.copyOf(command);
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** {@code 'ip netns add x' exited 1: <stderr>}. */
  public String describe() {
    return "'" + String.join(" ", command) + "' exited " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip());
  }
}
