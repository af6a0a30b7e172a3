package io.strand.server.config;

import java.util.List;
import java.util.Map;

/** Checks a builder's values and collects one message per problem, each saying what to change. Stateless. */
final class ServerConfigValidator {

  private ServerConfigValidator() {}

  static void validate(ServerConfig b, List<String> problems) {
    if (b.nodeId() < 1) {
      problems.add(ServerConfigKeys.NODE_ID_KEY + " is " + b.nodeId() + "; set it to a positive id unique in the"
          + " cluster (e.g. 1)");
    }
    port(ServerConfigKeys.GRPC_PORT_KEY, b.grpcPort(), true, problems);
    port(ServerConfigKeys.RAFT_PORT_KEY, b.raftPort(), false, problems);
    port(ServerConfigKeys.METRICS_PORT_KEY, b.metricsPort(), true, problems);
    if (b.raftPort() != 0 && b.raftPort() == b.grpcPort()) {
      problems.add(ServerConfigKeys.RAFT_PORT_KEY + " and " + ServerConfigKeys.GRPC_PORT_KEY + " are both "
          + b.raftPort() + "; give them different ports");
    }
    if (b.metricsPort() != 0 && (b.metricsPort() == b.grpcPort() || b.metricsPort() == b.raftPort())) {
      problems.add(ServerConfigKeys.METRICS_PORT_KEY + " " + b.metricsPort() + " collides with the gRPC or Raft port;"
          + " pick another port or 0 to disable metrics");
    }
    if (b.bindHost().isBlank()) {
      problems.add(ServerConfigKeys.BIND_HOST_KEY + " is empty; use 0.0.0.0 to listen on all interfaces");
    }
    if (b.advertisedHost().isBlank() || "0.0.0.0".equals(b.advertisedHost())) {
      problems.add(ServerConfigKeys.ADVERTISED_HOST_KEY + " '" + b.advertisedHost() + "' is not an address clients"
          + " can reach; set this machine's host name or IP");
    }
    peers(b, problems);
    positive(ServerConfigKeys.MAX_REQUEST_BYTES_KEY, b.maxRequestBytes(), 1024, problems);
    positive(ServerConfigKeys.MAX_PARTITIONS_PER_REQUEST_KEY, b.maxPartitionsPerRequest(), 1, problems);
    positive(ServerConfigKeys.REQUEST_TIMEOUT_MS_KEY, b.requestTimeoutMs(), 1, problems);
    positive(ServerConfigKeys.FETCH_MAX_WAIT_MS_KEY, b.fetchMaxWaitMs(), 0, problems);
    positive(ServerConfigKeys.SHUTDOWN_TIMEOUT_MS_KEY, b.shutdownTimeoutMs(), 0, problems);
    positive(ServerConfigKeys.DEFAULT_PARTITIONS_KEY, b.defaultPartitions(), 1, problems);
    positive(ServerConfigKeys.OFFSETS_PARTITIONS_KEY, b.offsetsPartitions(), 1, problems);
    if (b.offsetsRetentionMinutes() < 1) {
      problems.add(ServerConfigKeys.OFFSETS_RETENTION_MINUTES_KEY + " must be >= 1 (got " + b.offsetsRetentionMinutes()
          + ")");
    }
    positive(ServerConfigKeys.DEFAULT_REPLICATION_FACTOR_KEY, b.defaultReplicationFactor(), 1, problems);
    positive(ServerConfigKeys.MAX_PARTITIONS_PER_TOPIC_KEY, b.maxPartitionsPerTopic(), 1, problems);
    if (b.defaultPartitions() > b.maxPartitionsPerTopic()) {
      problems.add(ServerConfigKeys.DEFAULT_PARTITIONS_KEY + " " + b.defaultPartitions() + " exceeds "
          + ServerConfigKeys.MAX_PARTITIONS_PER_TOPIC_KEY + " " + b.maxPartitionsPerTopic() + "; lower it");
    }
    positive(ServerConfigKeys.ELECTION_TIMEOUT_MIN_MS_KEY, b.electionTimeoutMinMs(), 50, problems);
    if (b.electionTimeoutMaxMs() <= b.electionTimeoutMinMs()) {
      problems.add(ServerConfigKeys.ELECTION_TIMEOUT_MAX_MS_KEY + " " + b.electionTimeoutMaxMs() + " must be larger"
          + " than " + ServerConfigKeys.ELECTION_TIMEOUT_MIN_MS_KEY + " " + b.electionTimeoutMinMs()
          + " (e.g. twice it)");
    }
    positive(ServerConfigKeys.SNAPSHOT_THRESHOLD_KEY, b.snapshotThresholdEntries(), 1, problems);
    positive(ServerConfigKeys.RAFT_SEGMENT_BYTES_KEY, b.raftSegmentBytes(), 64 * 1024, problems);
    positive(ServerConfigKeys.METRICS_CONSUMER_LAG_INTERVAL_MS_KEY, b.metricsConsumerLagIntervalMs(), 100, problems);
  }

  private static void peers(ServerConfig b, List<String> problems) {
    Map<Integer, String> peers = b.peers();
    if (peers.isEmpty()) {
      return;
    }
    String own = peers.get(b.nodeId());
    if (own == null) {
      problems.add(ServerConfigKeys.PEERS_KEY + " " + peers + " has no entry for this node ("
          + ServerConfigKeys.NODE_ID_KEY + "=" + b.nodeId() + "); add " + b.nodeId() + "=HOST:" + b.raftPort()
          + " or fix the node id");
    } else {
      int port = Integer.parseInt(own.substring(own.lastIndexOf(':') + 1));
      if (port != b.raftPort()) {
        problems.add(ServerConfigKeys.PEERS_KEY + " says node " + b.nodeId() + " listens on Raft port " + port + " but "
            + ServerConfigKeys.RAFT_PORT_KEY + " is " + b.raftPort() + "; make them equal");
      }
    }
    for (Map.Entry<Integer, String> e : peers.entrySet()) {
      if (e.getKey() < 1) {
        problems.add(ServerConfigKeys.PEERS_KEY + " entry " + e.getKey() + "=" + e.getValue()
            + " has a node id < 1; node ids are positive");
      }
    }
  }

  private static void port(String key, int value, boolean zeroAllowed, List<String> problems) {
    int min = zeroAllowed ? 0 : 1;
    if (value < min || value > 65535) {
      problems.add(key + " is " + value + "; use a port in " + min + "..65535"
          + (zeroAllowed ? (ServerConfigKeys.METRICS_PORT_KEY.equals(key) ? " (0 disables)" : " (0 picks a free port)")
              : ""));
    }
  }

  private static void positive(String key, int value, int min, List<String> problems) {
    if (value < min) {
      problems.add(key + " is " + value + "; it must be at least " + min);
    }
  }
}
