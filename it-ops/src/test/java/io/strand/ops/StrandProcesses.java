package io.strand.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * Strand nodes as separate processes, each started with the checkout's {@code bin/strand server} (the command the
 * container image runs) on free loopback ports, with its own data directory and log. A node can be killed with
 * SIGKILL and started again on the same ports and data. Client commands of {@code bin/strand} run through
 * {@link #cli}.
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
final class StrandProcesses implements AutoCloseable {

  /** Small heaps: three nodes plus the test JVM share a CI machine. */
  private static final Map<String, String> ENV = Map.of("STRAND_HEAP_OPTS", "-Xms64m -Xmx384m");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private record Ports(int grpc, int raft, int metrics) {}

  private final Path dir;
  private final Map<Integer, Ports> ports = new TreeMap<>();
  private final Map<Integer, ExternalProcess> running = new TreeMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private StrandProcesses(Path dir) {
    this.dir = dir;
  }

  /** Starts {@code count} nodes and waits until every one is ready. */
  static StrandProcesses start(Path dir, int count) {
    if (!Files.isDirectory(Checkout.path("cli/target/lib"))) {
      throw new IllegalStateException("bin/strand is not built (cli/target/lib is missing): run the build through the"
          + " Maven reactor, e.g. mvn -pl it-ops -am verify");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StrandProcesses cluster = new StrandProcesses(dir);
    for (int id = 1; id <= count; id++) {
      cluster.ports.put(id, new Ports(FreePorts.pick(), FreePorts.pick(), FreePorts.pick()));
    }
    try {
      cluster.ports.keySet().forEach(cluster::startNode);
      cluster.ports.keySet().forEach(cluster::awaitReady);
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private static Path launcher() {
    return Checkout.path("bin/strand");
  }

  private String peers() {
    return ports.entrySet().stream().map(e -> e.getKey() + "=127.0.0.1:" + e.getValue().raft())
        .collect(Collectors.joining(","));
  }

  /** Starts (or restarts after {@link #kill}) a node with its original ports and data directory. */
  void startNode(int id) {
    Ports p = ports.get(id);
    List<String> command = List.of(launcher().toString(), "server", "--node-id", Integer.toString(id),
        "--data-dir", dir.resolve("node-" + id).toString(), "--grpc-port", Integer.toString(p.grpc()),
        "--raft-port", Integer.toString(p.raft()), "--metrics-port", Integer.toString(p.metrics()),
        "--bind-host", "127.0.0.1", "--advertised-host", "127.0.0.1", "--peers", peers());
    running.put(id, ExternalProcess.start("strand node " + id, command, ENV, Checkout.root(),
        dir.resolve("node-" + id + ".log")));
  }

  /** SIGKILL: no shutdown hook, no flush; the node's data stays for {@link #startNode}. */
  void kill(int id) {
    ExternalProcess process = running.remove(id);
    if (process != null) {
      process.kill();
    }
  }

  /** Waits until the node's /readyz answers 200, failing with its log tail if it dies or times out. */
  void awaitReady(int id) {
    ExternalProcess process = running.get(id);
    Awaitility.await("node " + id + " ready").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("node " + id + " exited\n" + process.logTail(40));
          }
          return readyz(id) == 200;
        });
  }

  private int readyz(int id) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort(id) + "/readyz"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  List<Integer> grpcPorts() {
    return ports.values().stream().map(Ports::grpc).toList();
  }

  int grpcPort(int id) {
    return ports.get(id).grpc();
  }

  int metricsPort(int id) {
    return ports.get(id).metrics();
  }

  /**
   * Runs a {@code bin/strand} client command to completion.
   *
   * @param stdinLines lines fed to its standard input (empty for none)
   */
  ProcessResult cli(List<String> args, List<String> stdinLines, long timeoutSeconds) {
    List<String> command = new ArrayList<>();
    command.add(launcher().toString());
    command.addAll(args);
    try {
      Path stdin = Files.createTempFile(dir, "stdin", ".txt");
      Files.write(stdin, stdinLines);
      return ProcessResult.run(command, Checkout.root(), timeoutSeconds, stdin, ENV);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last log lines of every node, for failure messages. */
  String logs() {
    return running.values().stream().map(p -> p.logTail(15)).collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    running.values().forEach(ExternalProcess::close);
    running.clear();
  }
}
