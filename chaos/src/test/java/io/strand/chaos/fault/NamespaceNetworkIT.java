package io.strand.chaos.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the namespace network does what the nemesis relies on, with real sockets in separate processes:
 * per-link cuts that time out (not refuse), untouched other links and clients, healing, slow links, and
 * complete cleanup. Root only; skipped otherwise.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NamespaceNetworkIT {
  private static final int PORT = 9000;
  private final HostCommands commands = new HostCommands(Duration.ofSeconds(20));
  private final List<Process> servers = new ArrayList<>();
  private NamespaceNetwork network;

  @BeforeEach
  void requireRoot() {
    assumeTrue(commands.isRoot(), "network namespace tests need root; skipped");
  }

  @AfterEach
  void cleanUp() {
    servers.forEach(Process::destroyForcibly);
    if (network != null) {
      network.close();
    }
  }

  private static List<String> java(String... args) {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        TcpProbe.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private void serveOn(int node) throws IOException {
    List<String> command = new ArrayList<>(network.nodeLaunchPrefix(node));
    command.addAll(java("serve", Integer.toString(PORT)));
    Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
    servers.add(server);
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("listening");
  }

  /** Connects from a node (or the client namespace when from == 0); returns the exit code and output. */
  private ProbeResult probe(int from, int to, int bytes) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(from == 0 ? network.clientLaunchPrefix() : network.nodeLaunchPrefix(from));
    command.addAll(java("connect", network.nodeHost(to), Integer.toString(PORT), Integer.toString(bytes), "1500"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return new ProbeResult(p.waitFor(), out);
  }

  private record ProbeResult(int exitCode, String output) {
    long elapsedMs() {
      return Long.parseLong(output);
    }
  }

  @Test
  void cutsHealsAndSlowsSingleLinksAndCleansUp() throws Exception {
    network = NamespaceNetwork.create(commands, List.of(1, 2, 3), NamespaceNetwork.DEFAULT_ADDRESS_PREFIX);
    serveOn(1);
    serveOn(2);
    assertThat(probe(1, 2, 10).exitCode()).isZero();
    assertThat(probe(3, 2, 10).exitCode()).isZero();
    assertThat(probe(0, 2, 10).exitCode()).isZero();

    network.partition(NetworkPartition.parse("1|2,3", List.of(1, 2, 3)));
    ProbeResult cut = probe(1, 2, 10);
    assertThat(cut.exitCode()).as(cut.output()).isEqualTo(1);
    assertThat(cut.output()).startsWith("timeout");
    assertThat(probe(2, 1, 10).exitCode()).isEqualTo(1);
    assertThat(probe(3, 2, 10).exitCode()).isZero();
    assertThat(probe(0, 1, 10).exitCode()).as("clients still reach the isolated node").isZero();

    network.heal();
    assertThat(probe(1, 2, 10).exitCode()).isZero();

    network.slow(new Link(1, 2), 256);
    ProbeResult slow = probe(1, 2, 48 * 1024);
    ProbeResult fast = probe(3, 2, 48 * 1024);
    assertThat(slow.exitCode()).as(slow.output()).isZero();
    assertThat(slow.elapsedMs()).as("48 KiB over 256 kbit/s takes about 1.5 s").isGreaterThan(1000);
    assertThat(fast.elapsedMs()).isLessThan(slow.elapsedMs() / 2);
    network.heal();
    assertThat(probe(1, 2, 48 * 1024).elapsedMs()).isLessThan(slow.elapsedMs() / 2);

    String prefix = network.namePrefix();
    network.close();
    assertThat(commands.runChecked("ip", "netns", "list")).doesNotContain(prefix);
    assertThat(servers).allSatisfy(s -> assertThat(s.waitFor(10, TimeUnit.SECONDS)).isTrue());
  }

  @Test
  void removesNamespacesOfDeadHarnesses() {
    String stale = "strand-c999999999-abcd-r";
    commands.runChecked("ip", "netns", "add", stale);

    assertThat(NamespaceNetwork.removeStale(commands)).contains(stale);
    assertThat(commands.runChecked("ip", "netns", "list")).doesNotContain(stale);
  }
}
