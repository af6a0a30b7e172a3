package io.strand.chaos.workload;

import io.strand.chaos.cluster.StrandLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code bin/strand} client commands against the cluster: bootstrap through {@code STRAND_BOOTSTRAP},
 * stderr appended to {@code clients/<name>.log} in the run directory, stdout and stdin piped to the caller.
 *
 * @param launcher where bin/strand is
 * @param prefix argv prefix that puts the client where it reaches the nodes (empty: here)
 * @param bootstrap {@code host:port,...}
 * @param logDir directory of the client logs
 */
public record ClientLauncher(StrandLauncher launcher, List<String> prefix, String bootstrap, Path logDir) {
  public ClientLauncher {
    prefix = List.copyOf(prefix);
  }

  /** Starts {@code bin/strand ARGS} as client {@code name}. */
  public Process start(String name, List<String> args) throws IOException {
    Files.createDirectories(logDir);
    List<String> command = new ArrayList<>(prefix);
    command.addAll(launcher.command(args));
    Path log = logDir.resolve(name + ".log");
    Files.writeString(log, "=== " + String.join(" ", command) + "\n", StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("STRAND_BOOTSTRAP", bootstrap);
    return builder.start();
  }

  /** Runs a short command to completion; returns its exit code (stdout goes to the log too). */
  public int run(String name, List<String> args) throws IOException, InterruptedException {
    Process p = start(name, args);
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    Files.writeString(logDir.resolve(name + ".log"), out + "=== exit " + code + "\n",
        StandardOpenOption.APPEND);
    return code;
  }
}
