package io.strand.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code strand server} in-process: start, serve, shut down on the shutdown hook; clear failures. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServerCommandIT {
  @TempDir
  Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aSingleNodeStartsFromEnvironmentAndFlagsServesAndStopsOnTheShutdownHook() throws Exception {
    int grpc = freePort();
    int raft = freePort();
    List<Runnable> hooks = new CopyOnWriteArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CliContext context = new CliContext(new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
        Map.of("STRAND_NODE_ID", "7", "STRAND_DATA_DIR", dir.resolve("data").toString(),
            "STRAND_RAFT_PORT", Integer.toString(raft), "STRAND_BIND_HOST", "127.0.0.1"), hooks::add);

    CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> StrandCli.execute(context, "server",
        "--grpc-port", Integer.toString(grpc), "--metrics-port", "0"));
    await().atMost(Duration.ofSeconds(60)).until(() -> out.toString(StandardCharsets.UTF_8).contains("started"));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Strand node 7 started", ":" + grpc);

    CliHarness cli = new CliHarness(Map.of("STRAND_BOOTSTRAP", "127.0.0.1:" + grpc));
    await().atMost(Duration.ofSeconds(60)).until(() -> cli.run("cluster", "describe").out().lines()
        .anyMatch(l -> l.startsWith("7 ")));

    assertThat(hooks).hasSize(1);
    hooks.get(0).run();
    assertThat(server.get(60, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void badConfigPortInUseAndUnwritableDataDirFailWithOneLine() throws Exception {
    CliHarness cli = new CliHarness(Map.of());

    CliHarness.Run badPeers = cli.run("server", "--data-dir", dir.resolve("a").toString(), "--peers", "garbage");
    assertThat(badPeers.exitCode()).isEqualTo(1);
    assertThat(badPeers.err()).startsWith("strand: invalid server config").contains("garbage");
    assertThat(badPeers.err().strip().lines()).hasSize(1);

    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CliHarness.Run portInUse = cli.run("server", "--bind-host", "127.0.0.1", "--data-dir",
          dir.resolve("b").toString(), "--grpc-port", Integer.toString(taken.getLocalPort()), "--raft-port",
          Integer.toString(freePort()), "--metrics-port", "0");
      assertThat(portInUse.exitCode()).isEqualTo(1);
      assertThat(portInUse.err()).startsWith("strand: ").contains(Integer.toString(taken.getLocalPort()));
      assertThat(portInUse.err().strip().lines()).hasSize(1);
    }

    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    CliHarness.Run unwritable = cli.run("server", "--data-dir", file.toString(), "--grpc-port",
        Integer.toString(freePort()), "--raft-port", Integer.toString(freePort()), "--metrics-port", "0");
    assertThat(unwritable.exitCode()).isEqualTo(1);
    assertThat(unwritable.err()).startsWith("strand: ").contains("not-a-dir");
    assertThat(unwritable.err().strip().lines()).hasSize(1);

    assertThat(cli.run("server", "--node-id", "one").exitCode()).isEqualTo(2);
  }

  @Test
  void theConfigFileIsTheLowestPrecedence() throws IOException {
    Path file = Files.writeString(dir.resolve("node.properties"), "node.id=3\ngrpc.port=9000\ndata.dir=/from/file\n");
    CliContext context = new CliContext(new ByteArrayInputStream(new byte[0]), System.out, System.err,
        Map.of("STRAND_GRPC_PORT", "9100"));
    picocli.CommandLine commandLine = StrandCli.commandLine(context);
    commandLine.parseArgs("server", "--config", file.toString(), "--data-dir", "/from/flag");
    ServerCommand server = commandLine.getSubcommands().get("server").getCommand();

    io.strand.server.config.ServerConfig config = server.config(context.env());

    assertThat(config.nodeId()).isEqualTo(3);
    assertThat(config.grpcPort()).isEqualTo(9100);
    assertThat(config.dataDir()).isEqualTo(Path.of("/from/flag"));
  }
}
