package io.strand.chaos;

import io.strand.chaos.fault.CleanupRegistry;
import io.strand.chaos.fault.HostCommands;
import io.strand.chaos.fault.NamespaceNetwork;
import io.strand.chaos.fault.TmpfsVolume;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a chaos run on a namespace network: removes what dead harnesses left behind, creates the router and node
 * namespaces, and runs the runner again as a child JVM inside the router namespace (the client host, which reaches
 * every node; this JVM's own namespace reaches none), passing the namespaces to adopt and the seed and run
 * directory it chose. When the child ends, or this JVM is stopped, every namespace and everything running in
 * them is removed.
 *
 * <p>Not thread-safe; one supervised run per instance.
 */
final class NetnsSupervisor {
  private static final Logger LOG = LoggerFactory.getLogger(NetnsSupervisor.class);

  private final HostCommands commands;

  NetnsSupervisor(HostCommands commands) {
    this.commands = commands;
  }

  /**
   * Runs the child runner with {@code args} plus the adoption flags; returns its exit code, or empty (having
   * printed why) if the namespaces could not be set up here, for example in a container without
   * {@code CAP_NET_ADMIN} or without {@code ip}.
   */
  OptionalInt supervise(ChaosConfig config, List<String> args, PrintStream out)
      throws IOException, InterruptedException {
    List<String> stale = NamespaceNetwork.removeStale(commands);
    List<?> staleMounts = TmpfsVolume.removeStale(commands);
    if (!stale.isEmpty() || !staleMounts.isEmpty()) {
      LOG.info("removed left-overs of dead harness runs: {} {}", stale, staleMounts);
    }
    try (CleanupRegistry cleanup = new CleanupRegistry()) {
      List<Integer> nodes = IntStream.rangeClosed(1, config.nodes()).boxed().toList();
      NamespaceNetwork network;
      try {
        network = NamespaceNetwork.create(commands, nodes, NamespaceNetwork.DEFAULT_ADDRESS_PREFIX);
      } catch (RuntimeException e) {
        out.println("network namespaces unavailable: " + e.getMessage());
        return OptionalInt.empty();
      }
      cleanup.register("network namespaces", network);
      List<String> command = new ArrayList<>(network.clientLaunchPrefix());
      command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
          System.getProperty("java.class.path"), ChaosRunner.class.getName()));
      command.addAll(args);
      command.addAll(List.of("--seed", Long.toString(config.seed()), "--run-dir", config.runDir().toString(),
          "--strand", config.strandScript().toString(), "--network", "netns", "--adopt-network",
          network.namePrefix()));
      Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      cleanup.register("runner in " + network.routerNamespace(), () -> {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
      });
      child.getOutputStream().close();
      try (BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = childOut.readLine()) != null) {
          out.println(line);
        }
      }
      out.flush();
      return OptionalInt.of(child.waitFor());
    }
  }
}
