package io.strand.store.partition;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.PartitionCommand;
import io.strand.internal.proto.PartitionCommandResult;
import io.strand.store.error.LeaderNotAvailableException;
import io.strand.store.error.NotLeaderException;
import io.strand.store.error.OffsetOutOfRangeException;
import io.strand.store.error.ReplicationException;
import io.strand.store.error.StorageErrors;
import io.strand.store.error.StoreException;
import io.strand.store.log.LogConfig;
import io.strand.store.log.LogReadResult;
import io.strand.store.log.SegmentedLog;
import io.strand.store.log.TimestampOffset;
import io.strand.store.metrics.PartitionMetrics;
import io.strand.store.raft.RaftGroups;
import io.strand.store.raft.RatisTuning;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PartitionReplica} backed by a Ratis division on this node: writes are proposed locally through
 * {@link RaftServer#submitClientRequestAsync} (no RaftClient, no network hop on the leader) via the group-commit
 * {@link PartitionAppender}; reads go straight to the state machine's log. Failures are translated once, in
 * {@link RaftReplies}, into Strand's {@link StoreException}s.
 *
 * <p>Thread-safe.
 */
public final class RaftPartitionReplica implements PartitionReplica, PartitionMetrics.Source, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftPartitionReplica.class);
  private static final Duration OFFLINE_DELAY = Duration.ofMillis(300);

  private final RaftGroupId groupId;
  private final PartitionDirectory directory;
  private final PartitionServices services;
  private final PartitionMetrics metrics;
  private final PartitionStateMachine stateMachine;
  private final PartitionAppender appender;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final ReplicationStatus.LagLimits lagLimits;

  public RaftPartitionReplica(PartitionSpec spec, RaftGroupId groupId, PartitionDirectory directory,
                              PartitionServices services) {
    this.groupId = groupId;
    this.directory = directory;
    this.services = services;
    this.lagLimits = ReplicationStatus.LagLimits.forElectionTimeout(services.tuning().electionTimeoutMax());
    this.metrics = new PartitionMetrics(services.meters(), spec.id().topic(), spec.id().partition(), this);
    this.stateMachine = new PartitionStateMachine(spec, directory, services, metrics);
    RatisTuning tuning = services.tuning();
    this.appender = new PartitionAppender(spec.id().toString(),
        new PartitionAppender.Limits(tuning.maxCommandBytes(), tuning.maxInFlightEntries(), tuning.maxQueuedBytes(),
            tuning.sequenceHold()),
        this::submit, services.clock(), services.callbackExecutor(), services.scheduler(), metrics);
    stateMachine.setEvents(new PartitionStateMachine.Events() {
      @Override
      public void leadershipChanged() {
        services.callbackExecutor().execute(RaftPartitionReplica.this::onLeadershipChange);
      }

      @Override
      public void applyFailed() {
        // Not at once: Ratis answers the failed entry's client (with the apply error, e.g. DISK_FULL) on the apply
        // thread right after applyTransaction returns; closing the division first would turn that answer into
        // NOT_LEADER.
        services.scheduler().schedule(() -> services.callbackExecutor().execute(RaftPartitionReplica.this::goOffline),
            OFFLINE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  /** The Ratis state machine to register for this replica's group. */
  public PartitionStateMachine stateMachine() {
    return stateMachine;
  }

  public PartitionDirectory directory() {
    return directory;
  }

  @Override
  public TopicPartitionId id() {
    return stateMachine.spec().id();
  }

  @Override
  public RaftGroupId groupId() {
    return groupId;
  }

  private Optional<RaftServer.Division> division() {
    RaftServer server = stateMachine.getServer().getNow(null);
    if (server == null) {
      return Optional.empty();
    }
    try {
      RaftServer.Division division = server.getDivision(groupId);
      return division.getInfo().isAlive() ? Optional.of(division) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Optional<DivisionInfo> info() {
    return division().map(RaftServer.Division::getInfo);
  }

  @Override
  public boolean isLeader() {
    return info().map(DivisionInfo::isLeader).orElse(false);
  }

  /**
   * Ratis calls a leader ready once it has applied its first entry of the term, but it counts an entry this state
   * machine failed to apply as applied: after a failed apply the partition log stops short of what was committed
   * (until {@code goOffline} closes the division, which may take seconds under load), and a leader elected in that
   * state would serve reads from it, telling a reader its position lies past the end.
   */
  @Override
  public boolean isLeaderReady() {
    return stateMachine.isHealthy() && info().map(i -> i.isLeader() && i.isLeaderReady()).orElse(false);
  }

  @Override
  public OptionalInt leaderNodeId() {
    return info().map(i -> RaftGroups.nodeId(i.getLeaderId())).orElse(OptionalInt.empty());
  }

  @Override
  public long leaderEpoch() {
    return info().map(DivisionInfo::getCurrentTerm).orElse(0L);
  }

  @Override
  public CompletableFuture<AppendResult> append(ByteBuffer recordBatch, Duration timeout) {
    Optional<StoreException> notWritable = checkWritable();
    if (notWritable.isPresent()) {
      return CompletableFuture.failedFuture(notWritable.get());
    }
    ByteBuffer batch = recordBatch.duplicate();
    int maxBatchBytes = CommandValidator.maxBatchBytes(stateMachine.spec().logConfig(), services.tuning());
    Optional<AppendResult> rejection = CommandValidator.checkBatch(batch, maxBatchBytes);
    if (rejection.isPresent()) {
      metrics.batchRejected(rejection.get().error().name());
      return CompletableFuture.completedFuture(rejection.get());
    }
    return appender.append(batch, timeout);
  }

  /** Why this replica cannot accept a write now, if it cannot. */
  private Optional<StoreException> checkWritable() {
    if (!stateMachine.isHealthy()) {
      return Optional.of(new ReplicationException(id() + ": replica is offline after a failed apply", null));
    }
    Optional<DivisionInfo> info = info();
    if (info.isEmpty()) {
      return Optional.of(new LeaderNotAvailableException(id() + ": replica is starting or stopping"));
    }
    if (!info.get().isLeader()) {
      return Optional.of(new NotLeaderException(RaftGroups.nodeId(info.get().getLeaderId())));
    }
    if (!info.get().isLeaderReady()) {
      return Optional.of(new LeaderNotAvailableException(id() + ": leader elected, not ready yet"));
    }
    return Optional.empty();
  }

  /** Proposes a command locally; completes with its apply result. */
  CompletableFuture<PartitionCommandResult> submit(PartitionCommand command) {
    RaftServer server = stateMachine.getServer().getNow(null);
    if (server == null) {
      return CompletableFuture.failedFuture(new LeaderNotAvailableException(id() + ": replica is starting"));
    }
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(server.getId())
        .setGroupId(groupId)
        .setCallId(callIds.incrementAndGet())
        .setMessage(PartitionCommandCodec.encode(command))
        .setType(RaftClientRequest.writeRequestType())
        .build();
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = server.submitClientRequestAsync(request);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(RaftReplies.translate(e, id()));
    }
    return reply.handle((r, error) -> RaftReplies.result(r, error, id()));
  }

  @Override
  public LogReadResult read(long offset, int maxBytes) {
    return stateMachine.log().read(offset, maxBytes);
  }

  @Override
  public long highWatermark() {
    return stateMachine.log().logEndOffset();
  }

  @Override
  public long logStartOffset() {
    return stateMachine.log().logStartOffset();
  }

  @Override
  public long sizeInBytes() {
    return stateMachine.log().sizeInBytes();
  }

  @Override
  public int segmentCount() {
    return stateMachine.log().segmentCount();
  }

  @Override
  public ReplicationStatus replicationStatus() {
    return division().map(d -> ReplicationStatusReader.read(d, lagLimits)).orElse(ReplicationStatus.UNKNOWN);
  }

  @Override
  public long raftCommitIndex() {
    return replicationStatus().commitIndex();
  }

  @Override
  public long maxFollowerLagEntries() {
    return replicationStatus().maxFollowerLagEntries();
  }

  @Override
  public boolean isUnderReplicated() {
    return replicationStatus().isUnderReplicated();
  }

  @Override
  public long queuedBytes() {
    return appender.queuedBytes();
  }

  @Override
  public Optional<TimestampOffset> offsetForTimestamp(long timestampMs) {
    return stateMachine.log().offsetForTimestamp(timestampMs);
  }

  @Override
  public CompletableFuture<Long> deleteRecordsBefore(long offset, Duration timeout) {
    Optional<StoreException> notWritable = checkWritable();
    if (notWritable.isPresent()) {
      return CompletableFuture.failedFuture(notWritable.get());
    }
    return submit(PartitionCommandCodec.deleteRecords(offset))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handleAsync((result, error) -> {
          if (error != null) {
            throw RaftReplies.asStoreException(error, id(), "delete records before " + offset);
          }
          if (result.getError() == ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE) {
            throw new OffsetOutOfRangeException(offset, result.getLogStartOffset(), result.getLogEndOffset());
          }
          return result.getLogStartOffset();
        }, services.callbackExecutor());
  }

  /** True if this leader should propose ApplyRetention: retention is configured and an inactive segment exists. */
  public boolean hasRetentionWork() {
    LogConfig config = stateMachine.spec().logConfig();
    SegmentedLog log = stateMachine.log();
    return (config.retentionMs() >= 0 || config.retentionBytes() >= 0) && log.segmentCount() > 1;
  }

  /** Proposes ApplyRetention at the leader's current time; failures are logged (the next tick retries). */
  public void proposeRetention() {
    submit(PartitionCommandCodec.applyRetention(services.clock().millis())).whenComplete((result, error) -> {
      if (error != null) {
        LOG.debug("{}: retention proposal failed", id(), error);
      }
    });
  }

  /**
   * Asks Ratis for a snapshot now (it then purges its log up to the snapshot). Completes with the index of the
   * latest snapshot.
   */
  public CompletableFuture<Long> takeSnapshot(Duration timeout) {
    RaftServer server = stateMachine.getServer().getNow(null);
    if (server == null) {
      return CompletableFuture.failedFuture(new LeaderNotAvailableException(id() + ": replica is starting"));
    }
    SnapshotManagementRequest request = SnapshotManagementRequest.newCreate(clientId, server.getId(), groupId,
        callIds.incrementAndGet(), timeout.toMillis(), 1);
    return server.snapshotManagementAsync(request).thenApply(reply -> {
      if (!reply.isSuccess()) {
        throw RaftReplies.translate(reply.getException(), id());
      }
      return reply.getLogIndex();
    });
  }

  @Override
  public void updateConfig(LogConfig config) {
    try {
      stateMachine.updateConfig(config);
    } catch (IOException e) {
      throw StorageErrors.map("update config of " + id() + " in " + directory.path(), e);
    }
  }

  @Override
  public AutoCloseable onHighWatermark(LongConsumer listener) {
    return stateMachine.addHighWatermarkListener(listener);
  }

  @Override
  public PartitionSnapshotInfo snapshotInfo() {
    return stateMachine.snapshotInfo();
  }

  /**
   * After a failed apply this replica's state is not trusted: take its Raft division offline, as if the node had
   * crashed, so that it neither stays leader nor blocks elections (a live replica with the preferred leader's higher
   * priority would reject every other candidate). The node's group restarter then re-opens the group with a fresh
   * replica recovered from the last snapshot (retrying while, for example, the disk is still full).
   */
  private void goOffline() {
    RaftServer server = stateMachine.getServer().getNow(null);
    if (server == null) {
      return;
    }
    try {
      server.getDivision(groupId).close();
      LOG.warn("{}: replica taken offline after a failed apply; it restarts from its last snapshot", id());
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: could not take the replica offline after a failed apply", id(), e);
    }
  }

  private void onLeadershipChange() {
    if (!isLeader()) {
      appender.failQueued(new NotLeaderException(leaderNodeId()));
    }
  }

  /** Fails queued appends and unregisters metrics; the state machine itself is closed by Ratis. */
  @Override
  public void close() {
    appender.close();
    metrics.close();
  }

  @Override
  public String toString() {
    return "RaftPartitionReplica[" + id() + ", group " + groupId + "]";
  }
}
