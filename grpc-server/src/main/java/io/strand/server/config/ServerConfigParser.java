package io.strand.server.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Turns string key/value pairs (config file, environment) into a {@link ServerConfig.Builder}. Stateless.
 */
final class ServerConfigParser {

  private static final Map<String, BiConsumer<ServerConfig.Builder, String>> SETTERS = setters();

  private ServerConfigParser() {}

  static ServerConfig.Builder parse(Map<String, String> values) {
    ServerConfig.Builder b = ServerConfig.builder();
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      BiConsumer<ServerConfig.Builder, String> setter = SETTERS.get(e.getKey());
      if (setter == null) {
        throw new IllegalArgumentException("Unknown config key '" + e.getKey() + "'. Known keys: "
            + ServerConfigKeys.definitions().stream().map(ConfigDef::key).collect(Collectors.joining(", ")));
      }
      setter.accept(b, e.getValue().trim());
    }
    return b;
  }

  static Set<String> knownKeys() {
    return SETTERS.keySet();
  }

  static Map<Integer, String> parsePeers(String spec) {
    Map<Integer, String> peers = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return peers;
    }
    for (String raw : spec.split(",")) {
      String entry = raw.trim();
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw badPeer(entry, "missing 'ID='");
      }
      int id;
      try {
        id = Integer.parseInt(entry.substring(0, eq).trim());
      } catch (NumberFormatException e) {
        throw badPeer(entry, "the node id is not a number");
      }
      String address = entry.substring(eq + 1).trim();
      int colon = address.lastIndexOf(':');
      if (colon <= 0 || colon == address.length() - 1) {
        throw badPeer(entry, "missing HOST:PORT");
      }
      try {
        Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw badPeer(entry, "the port is not a number");
      }
      if (peers.put(id, address) != null) {
        throw badPeer(entry, "node id " + id + " appears twice");
      }
    }
    return peers;
  }

  static Map<String, String> parseMap(String key, String spec) {
    Map<String, String> map = new LinkedHashMap<>();
    if (spec.isBlank()) {
      return map;
    }
    for (String raw : spec.split(",")) {
      String entry = raw.trim();
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            key + ": entry '" + entry + "' is not KEY=VALUE (example: retention.ms=86400000)");
      }
      map.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
    }
    return map;
  }

  private static IllegalArgumentException badPeer(String entry, String why) {
    return new IllegalArgumentException(ServerConfigKeys.PEERS_KEY + ": entry '" + entry + "' is invalid (" + why
        + "); expected ID=HOST:RAFT_PORT,... for example 1=10.0.0.1:7071,2=10.0.0.2:7071,3=10.0.0.3:7071");
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number", e);
    }
  }

  private static boolean parseBoolean(String key, String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + ": '" + value + "' is not true or false");
    };
  }

  private static Map<String, BiConsumer<ServerConfig.Builder, String>> setters() {
    Map<String, BiConsumer<ServerConfig.Builder, String>> m = new LinkedHashMap<>();
    m.put(ServerConfigKeys.NODE_ID_KEY, (b, v) -> b.nodeId(parseInt(ServerConfigKeys.NODE_ID_KEY, v)));
    m.put(ServerConfigKeys.DATA_DIR_KEY, (b, v) -> b.dataDir(Path.of(v)));
    m.put(ServerConfigKeys.BIND_HOST_KEY, ServerConfig.Builder::bindHost);
    m.put(ServerConfigKeys.GRPC_PORT_KEY, (b, v) -> b.grpcPort(parseInt(ServerConfigKeys.GRPC_PORT_KEY, v)));
    m.put(ServerConfigKeys.RAFT_PORT_KEY, (b, v) -> b.raftPort(parseInt(ServerConfigKeys.RAFT_PORT_KEY, v)));
    m.put(ServerConfigKeys.METRICS_PORT_KEY, (b, v) -> b.metricsPort(parseInt(ServerConfigKeys.METRICS_PORT_KEY, v)));
    m.put(ServerConfigKeys.ADVERTISED_HOST_KEY, ServerConfig.Builder::advertisedHost);
    m.put(ServerConfigKeys.PEERS_KEY, (b, v) -> b.peers(parsePeers(v)));
    m.put(ServerConfigKeys.MAX_REQUEST_BYTES_KEY,
        (b, v) -> b.maxRequestBytes(parseInt(ServerConfigKeys.MAX_REQUEST_BYTES_KEY, v)));
    m.put(ServerConfigKeys.MAX_PARTITIONS_PER_REQUEST_KEY,
        (b, v) -> b.maxPartitionsPerRequest(parseInt(ServerConfigKeys.MAX_PARTITIONS_PER_REQUEST_KEY, v)));
    m.put(ServerConfigKeys.REQUEST_TIMEOUT_MS_KEY,
        (b, v) -> b.requestTimeoutMs(parseInt(ServerConfigKeys.REQUEST_TIMEOUT_MS_KEY, v)));
    m.put(ServerConfigKeys.FETCH_MAX_WAIT_MS_KEY,
        (b, v) -> b.fetchMaxWaitMs(parseInt(ServerConfigKeys.FETCH_MAX_WAIT_MS_KEY, v)));
    m.put(ServerConfigKeys.SHUTDOWN_TIMEOUT_MS_KEY,
        (b, v) -> b.shutdownTimeoutMs(parseInt(ServerConfigKeys.SHUTDOWN_TIMEOUT_MS_KEY, v)));
    m.put(ServerConfigKeys.DEFAULT_PARTITIONS_KEY,
        (b, v) -> b.defaultPartitions(parseInt(ServerConfigKeys.DEFAULT_PARTITIONS_KEY, v)));
    m.put(ServerConfigKeys.OFFSETS_PARTITIONS_KEY,
        (b, v) -> b.offsetsPartitions(parseInt(ServerConfigKeys.OFFSETS_PARTITIONS_KEY, v)));
    m.put(ServerConfigKeys.OFFSETS_RETENTION_MINUTES_KEY,
        (b, v) -> b.offsetsRetentionMinutes(parseInt(ServerConfigKeys.OFFSETS_RETENTION_MINUTES_KEY, v)));
    m.put(ServerConfigKeys.DEFAULT_REPLICATION_FACTOR_KEY,
        (b, v) -> b.defaultReplicationFactor(parseInt(ServerConfigKeys.DEFAULT_REPLICATION_FACTOR_KEY, v)));
    m.put(ServerConfigKeys.MAX_PARTITIONS_PER_TOPIC_KEY,
        (b, v) -> b.maxPartitionsPerTopic(parseInt(ServerConfigKeys.MAX_PARTITIONS_PER_TOPIC_KEY, v)));
    m.put(ServerConfigKeys.TOPIC_CONFIG_DEFAULTS_KEY,
        (b, v) -> b.topicConfigDefaults(parseMap(ServerConfigKeys.TOPIC_CONFIG_DEFAULTS_KEY, v)));
    m.put(ServerConfigKeys.ELECTION_TIMEOUT_MIN_MS_KEY,
        (b, v) -> b.electionTimeoutMinMs(parseInt(ServerConfigKeys.ELECTION_TIMEOUT_MIN_MS_KEY, v)));
    m.put(ServerConfigKeys.ELECTION_TIMEOUT_MAX_MS_KEY,
        (b, v) -> b.electionTimeoutMaxMs(parseInt(ServerConfigKeys.ELECTION_TIMEOUT_MAX_MS_KEY, v)));
    m.put(ServerConfigKeys.SNAPSHOT_THRESHOLD_KEY,
        (b, v) -> b.snapshotThresholdEntries(parseInt(ServerConfigKeys.SNAPSHOT_THRESHOLD_KEY, v)));
    m.put(ServerConfigKeys.RAFT_SEGMENT_BYTES_KEY,
        (b, v) -> b.raftSegmentBytes(parseInt(ServerConfigKeys.RAFT_SEGMENT_BYTES_KEY, v)));
    m.put(ServerConfigKeys.METRICS_PARTITION_LABELS_KEY,
        (b, v) -> b.metricsPartitionLabels(parseBoolean(ServerConfigKeys.METRICS_PARTITION_LABELS_KEY, v)));
    m.put(ServerConfigKeys.METRICS_CONSUMER_LAG_INTERVAL_MS_KEY, (b, v) -> b.metricsConsumerLagIntervalMs(
        parseInt(ServerConfigKeys.METRICS_CONSUMER_LAG_INTERVAL_MS_KEY, v)));
    return Map.copyOf(m);
  }
}
