package io.strand.cli;

import io.strand.client.error.StrandException;
import io.strand.server.StrandNode;
import io.strand.server.config.ConfigDef;
import io.strand.server.config.ServerConfig;
import io.strand.server.config.ServerConfigKeys;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strand server}: runs one node until SIGTERM. Settings come from, in increasing precedence: the
 * properties file of {@code --config}, {@code STRAND_*} environment variables (every {@link ServerConfig} key,
 * e.g. {@code STRAND_SERVER_MAX_REQUEST_BYTES}), and the flags (whose own defaults are their environment
 * variables, see {@link EnvironmentDefaults}). Prints where the node listens; a bad config, a port in use or
 * an unwritable data directory is a one-line failure (exit 1).
 *
 * <p>Not thread-safe; one instance runs one node.
 */
@Command(name = "server", description = "Run a Strand node (until SIGTERM).", mixinStandardHelpOptions = true)
final class ServerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with server keys (see docs).")
  Path configFile;

  @Option(names = "--node-id", paramLabel = "ID", description = "This node's id (>= 1). Env: STRAND_NODE_ID.")
  Integer nodeId;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory. Env: STRAND_DATA_DIR.")
  String dataDir;

  @Option(names = "--grpc-port", paramLabel = "PORT", description = "Client gRPC port. Env: STRAND_GRPC_PORT.")
  Integer grpcPort;

  @Option(names = "--raft-port", paramLabel = "PORT", description = "Raft port. Env: STRAND_RAFT_PORT.")
  Integer raftPort;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "HTTP port of /metrics, /healthz, /readyz (0 disables). Env: STRAND_METRICS_PORT.")
  Integer metricsPort;

  @Option(names = "--advertised-host", paramLabel = "HOST",
      description = "Host clients and peers use to reach this node. Env: STRAND_ADVERTISED_HOST.")
  String advertisedHost;

  @Option(names = "--bind-host", paramLabel = "HOST", description = "Interface to bind. Env: STRAND_BIND_HOST.")
  String bindHost;

  @Option(names = "--peers", paramLabel = "ID=HOST:RAFT_PORT,...",
      description = "Every node of the cluster, this one included. Env: STRAND_PEERS.")
  String peers;

  @Override
  public Integer call() throws IOException, InterruptedException {
    CliContext context = ((StrandCli) spec.root().userObject()).context();
    ServerConfig config = config(context.env());
    StrandNode node;
    try {
      node = StrandNode.start(config);
    } catch (IOException e) {
      throw new StrandException("node " + config.nodeId() + " could not start: " + e.getMessage(), e);
    }
    context.shutdownHooks().add(node::close);
    context.out().printf("Strand node %d started: gRPC %s:%d (advertised %s:%d), Raft %d, metrics %s, data %s%n",
        node.nodeId(), config.bindHost(), node.grpcPort(), config.advertisedHost(), node.grpcPort(), node.raftPort(),
        node.metricsPort() > 0 ? "http://" + config.bindHost() + ":" + node.metricsPort() + "/metrics" : "off",
        config.dataDir().toAbsolutePath());
    context.out().flush();
    node.awaitTermination();
    return 0;
  }

  /** Merges file, environment and flags into a validated config. */
  ServerConfig config(Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>(fileProperties());
    for (ConfigDef def : ServerConfigKeys.definitions()) {
      String fromEnv = env.get(def.environmentVariable());
      if (fromEnv != null && !fromEnv.isBlank()) {
        values.put(def.key(), fromEnv);
      }
    }
    putIfSet(values, ServerConfigKeys.NODE_ID_KEY, nodeId);
    putIfSet(values, ServerConfigKeys.DATA_DIR_KEY, dataDir);
    putIfSet(values, ServerConfigKeys.GRPC_PORT_KEY, grpcPort);
    putIfSet(values, ServerConfigKeys.RAFT_PORT_KEY, raftPort);
    putIfSet(values, ServerConfigKeys.METRICS_PORT_KEY, metricsPort);
    putIfSet(values, ServerConfigKeys.ADVERTISED_HOST_KEY, advertisedHost);
    putIfSet(values, ServerConfigKeys.BIND_HOST_KEY, bindHost);
    putIfSet(values, ServerConfigKeys.PEERS_KEY, peers);
    try {
      return ServerConfig.fromProperties(values);
    } catch (IllegalArgumentException e) {
      throw new StrandException("invalid server config: " + e.getMessage(), e);
    }
  }

  private Map<String, String> fileProperties() {
    if (configFile == null) {
      return Map.of();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new StrandException("cannot read --config " + configFile + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k).trim()));
    return values;
  }

  private static void putIfSet(Map<String, String> values, String key, Object value) {
    if (value != null && !value.toString().isBlank()) {
      values.put(key, value.toString());
    }
  }
}
