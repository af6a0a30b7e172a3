package io.strand.store.raft;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.retry.ExponentialBackoffRetry;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Translates {@link RaftNodeConfig} and {@link RatisTuning} into Ratis properties: the only class that touches
 * {@link RaftServerConfigKeys}, {@link GrpcConfigKeys} and {@link RaftClientConfigKeys}. The table in
 * docs/design/partition-replication.md lists every key set here and why.
 *
 * <p>Stateless and thread-safe.
 */
public final class RatisProperties {
  private static final SizeInBytes PREALLOCATED_MAX = SizeInBytes.valueOf("1MB");

  private RatisProperties() {}

  /** Properties for the node's RaftServer (shared by every group it hosts). */
  public static RaftProperties server(RaftNodeConfig config) {
    RatisTuning t = config.tuning();
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(config.raftStorageDir().toFile()));
    RaftServerConfigKeys.setRemovedGroupsDir(p, new File(config.raftRemovedGroupsDir().toString()));
    GrpcConfigKeys.Server.setHost(p, config.raftHost());
    GrpcConfigKeys.Server.setPort(p, config.raftPort());
    GrpcConfigKeys.Server.setWorkerGroupSize(p, t.grpcServerWorkerThreads());
    GrpcConfigKeys.Server.setBossGroupSize(p, t.grpcBossThreads());
    GrpcConfigKeys.Client.setWorkerGroupSize(p, t.grpcClientWorkerThreads());

    RaftServerConfigKeys.Rpc.setTimeoutMin(p, duration(t.electionTimeoutMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, duration(t.electionTimeoutMax()));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, duration(t.requestTimeout()));

    setLog(p, t);
    setSnapshots(p, t);
    RaftServerConfigKeys.Write.setByteLimit(p, SizeInBytes.valueOf(t.leaderPendingBytes()));
    return p;
  }

  private static void setLog(RaftProperties p, RatisTuning t) {
    SizeInBytes entryLimit = SizeInBytes.valueOf(t.maxEntryBytes());
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, entryLimit);
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(t.writeBufferBytes()));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(t.raftSegmentBytes()));
    long preallocated = Math.min(PREALLOCATED_MAX.getSize(), t.raftSegmentBytes());
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(preallocated));
    RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, t.raftLogCacheSegments());
    RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf(t.raftLogCacheBytes()));
    RaftServerConfigKeys.Log.setQueueByteLimit(p, SizeInBytes.valueOf(t.raftLogQueueBytes()));
    RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
    RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, t.asyncFlush());
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, t.logMetadata());
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, t.purgeGapEntries());
  }

  private static void setSnapshots(RaftProperties p, RatisTuning t) {
    // Notification mode: a follower behind the leader's purged log fetches the missing batches itself
    // (PartitionCatchUp) instead of Ratis replacing its state directory with a full copy.
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, t.snapshotThresholdEntries());
    RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 1);
  }

  /**
   * Properties for a Ratis client: requests time out after the tuning's request timeout and the client gives up
   * after {@link #clientRetryPolicy(RatisTuning, Duration)}.
   */
  public static RaftProperties client(RatisTuning tuning) {
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, duration(tuning.requestTimeout()));
    GrpcConfigKeys.Client.setWorkerGroupSize(p, tuning.grpcClientWorkerThreads());
    return p;
  }

  /**
   * A bounded retry policy: exponential back-off from 100 ms up to the election timeout, and every request type
   * gives up once {@code deadline} has passed since its first attempt.
   */
  public static RetryPolicy clientRetryPolicy(RatisTuning tuning, Duration deadline) {
    RetryPolicy backoff = ExponentialBackoffRetry.newBuilder()
        .setBaseSleepTime(TimeDuration.valueOf(100, TimeUnit.MILLISECONDS))
        .setMaxSleepTime(duration(tuning.electionTimeoutMax()))
        .setMaxAttempts(Integer.MAX_VALUE)
        .build();
    TimeDuration timeout = duration(deadline);
    RequestTypeDependentRetryPolicy.Builder builder = RequestTypeDependentRetryPolicy.newBuilder();
    for (var type : List.of(RaftClientRequest.writeRequestType(), RaftClientRequest.readRequestType(),
        RaftClientRequest.staleReadRequestType(0), RaftClientRequest.watchRequestType())) {
      builder.setRetryPolicy(type.getTypeCase(), backoff).setTimeout(type.getTypeCase(), timeout);
    }
    return builder.build();
  }

  private static TimeDuration duration(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
