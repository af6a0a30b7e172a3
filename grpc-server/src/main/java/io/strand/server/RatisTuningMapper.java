package io.strand.server;

import io.strand.server.config.ServerConfig;
import io.strand.store.raft.RatisTuning;
import java.time.Duration;

/** Maps the server config's Raft keys onto the store's Ratis tuning; everything else keeps its default. */
final class RatisTuningMapper {

  private RatisTuningMapper() {}

  static RatisTuning tuning(ServerConfig config) {
    RatisTuning defaults = RatisTuning.DEFAULT;
    return defaults.toBuilder()
        .electionTimeout(Duration.ofMillis(config.electionTimeoutMinMs()),
            Duration.ofMillis(config.electionTimeoutMaxMs()))
        .snapshotThresholdEntries(config.snapshotThresholdEntries())
        .raftSegmentBytes(config.raftSegmentBytes())
        .purgeGapEntries(Math.min(defaults.purgeGapEntries(), config.snapshotThresholdEntries()))
        .build();
  }
}
