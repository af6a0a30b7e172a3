package io.strand.store.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.ErrorCode;
import io.strand.store.error.StoreException;
import io.strand.store.log.LogConfig;
import io.strand.store.log.TestBatches;
import io.strand.store.metrics.PartitionMetrics;
import io.strand.store.raft.RaftTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A leader whose log fails under it stops applying and goes offline; the partition stays writable. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailedApplyIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir
  Path root;

  @Test
  void leaderWithAFailedApplyGoesOfflineAndAnotherReplicaTakesOver() throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, t -> { })) {
      PartitionSpec spec = cluster.createPartition("fragile", 0, LogConfig.DEFAULT, List.of(1, 2, 3));
      RaftPartitionReplica broken = (RaftPartitionReplica) cluster.replica(1, spec.id());
      assertThat(broken.append(TestBatches.batch(1, 1, 10), TIMEOUT).get(30, TimeUnit.SECONDS).error())
          .isEqualTo(ErrorCode.ERROR_CODE_NONE);

      broken.stateMachine().log().close();
      CompletableFuture<AppendResult> failed = broken.append(TestBatches.batch(2, 1, 10), TIMEOUT);

      assertThat(causeOf(failed)).isInstanceOf(StoreException.class);
      assertThat(broken.stateMachine().isHealthy()).isFalse();
      assertThat(cluster.meters(1).get(PartitionMetrics.APPLY_FAILURES).counter().count()).isEqualTo(1);
      int newLeader = cluster.awaitLeader(spec.id());
      assertThat(newLeader).isNotEqualTo(1);
      PartitionReplica healthy = cluster.replica(newLeader, spec.id());
      assertThat(healthy.append(TestBatches.batch(3, 1, 10), TIMEOUT).get(30, TimeUnit.SECONDS).error())
          .isEqualTo(ErrorCode.ERROR_CODE_NONE);
      assertThat(healthy.highWatermark()).isEqualTo(3);
      assertThat(broken.isLeader()).as("the failed replica is offline").isFalse();
    }
  }

  private static Throwable causeOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
