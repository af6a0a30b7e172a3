package io.strand.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class RatisPropertiesTest {
  private final RaftNodeConfig config = new RaftNodeConfig(3, "127.0.0.1", 7071, Path.of("/data/n3"),
      RatisTuning.DEFAULT);

  @Test
  void durabilityIsNeverTradedAway() {
    RaftProperties p = RatisProperties.server(config);
    assertThat(RaftServerConfigKeys.Log.unsafeFlushEnabled(p)).isFalse();
    assertThat(RaftServerConfigKeys.Log.Appender.installSnapshotEnabled(p)).as("notification mode").isFalse();
    assertThat(RaftServerConfigKeys.Log.purgeUptoSnapshotIndex(p)).isTrue();
    assertThat(RaftServerConfigKeys.Snapshot.autoTriggerEnabled(p)).isTrue();
  }

  @Test
  void everyGroupCanHoldTheLargestEntry() {
    RaftProperties p = RatisProperties.server(config);
    long entryLimit = RaftServerConfigKeys.Log.Appender.bufferByteLimit(p).getSize();
    assertThat(entryLimit).isEqualTo(RatisTuning.DEFAULT.maxEntryBytes());
    assertThat(RaftServerConfigKeys.Log.writeBufferSize(p).getSize()).isGreaterThanOrEqualTo(entryLimit + 8);
    assertThat(RaftServerConfigKeys.Log.queueByteLimit(p).getSize()).isGreaterThanOrEqualTo(entryLimit);
    assertThat(RaftServerConfigKeys.Write.byteLimit(p).getSize()).isGreaterThanOrEqualTo(entryLimit);
    assertThat(GrpcConfigKeys.messageSizeMax(p, null).getSize()).isGreaterThan(entryLimit);
  }

  @Test
  void storageTimeoutsAndPortsComeFromTheNodeConfig() {
    RaftProperties p = RatisProperties.server(config);
    assertThat(RaftServerConfigKeys.storageDir(p)).singleElement()
        .satisfies(f -> assertThat(f.toPath()).isEqualTo(Path.of("/data/n3/raft")));
    assertThat(RaftServerConfigKeys.removedGroupsDir(p).toPath()).isEqualTo(Path.of("/data/n3/raft-removed"));
    assertThat(GrpcConfigKeys.Server.port(p)).isEqualTo(7071);
    assertThat(RaftServerConfigKeys.Rpc.timeoutMin(p).toLong(TimeUnit.MILLISECONDS))
        .isEqualTo(1000);
    assertThat(GrpcConfigKeys.Server.workerGroupSize(p)).isEqualTo(2);
  }

  @Test
  void tuningValidationNamesTheField() {
    assertThatThrownBy(() -> RatisTuning.builder().electionTimeout(Duration.ofSeconds(2), Duration.ofSeconds(1))
        .build()).hasMessageContaining("electionTimeoutMax");
    assertThatThrownBy(() -> RatisTuning.builder().maxQueuedBytes(10).build()).hasMessageContaining("maxQueuedBytes");
    assertThatThrownBy(() -> new RaftNodeConfig(0, "h", 1, Path.of("."), RatisTuning.DEFAULT))
        .hasMessageContaining("nodeId");
  }
}
