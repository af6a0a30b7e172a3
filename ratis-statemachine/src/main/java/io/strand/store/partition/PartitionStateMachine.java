package io.strand.store.partition;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.PartitionCommand;
import io.strand.internal.proto.PartitionCommandResult;
import io.strand.internal.proto.PartitionSnapshot;
import io.strand.internal.proto.ProducerStateSnapshot;
import io.strand.store.error.DiskFullException;
import io.strand.store.error.LogDirOfflineException;
import io.strand.store.error.ReplicationException;
import io.strand.store.error.StorageErrors;
import io.strand.store.error.StoreException;
import io.strand.store.log.LogConfig;
import io.strand.store.log.SegmentedLog;
import io.strand.store.metrics.PartitionMetrics;
import io.strand.store.raft.LogFailures;
import io.strand.store.raft.RaftGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of one partition replica (design (a), docs/adr/001-batch-in-raft-entry.md): each Raft
 * entry carries a {@link PartitionCommand}; applying it appends its batches to the partition's {@link SegmentedLog}
 * through {@link PartitionApplier}, so the local log only ever holds committed entries and its end offset is the high
 * watermark. The Raft log is the write-ahead log: segment files are written without fsync and flushed when a
 * snapshot is taken, after which Ratis purges its log.
 *
 * <ul>
 *   <li>Leader: {@link #startTransaction} validates the command (entry size, every batch's CRC and size) so that
 *       the Raft log only holds entries that apply.</li>
 *   <li>Apply failures that are not business rejections (I/O errors, an undecodable committed entry) fail the
 *       future, never throw, and stop the replica from applying or snapshotting until it is restarted, so that no
 *       snapshot ever covers a gap. The replica then takes its group offline and the node's group restarter
 *       (io.strand.store.raft.GroupRestarter) re-opens it, replaying from the last good snapshot; a Raft log
 *       write failure ({@link #notifyLogFailed}) takes the same path.</li>
 *   <li>Start-up: load the snapshot, truncate the log to the snapshot's end offset (Ratis replays everything
 *       after it), see {@link #initialize}.</li>
 *   <li>Catch-up: snapshot notification mode, see {@link PartitionCatchUp}.</li>
 * </ul>
 *
 * <p>Thread-safe. Log mutations (apply, snapshot, start-up, catch-up) hold {@code stateLock}; reads do not (the log
 * supports concurrent readers).
 */
public final class PartitionStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionStateMachine.class);

  private final PartitionDirectory directory;
  private final PartitionServices services;
  private final PartitionSnapshotter snapshotter;
  private final PartitionMetrics metrics;
  private final String name;
  private final ReentrantLock stateLock = new ReentrantLock();
  private final HighWatermarkListeners highWatermarkListeners;
  private final SnapshotTrigger snapshotTrigger;
  private volatile PartitionSpec spec;
  private volatile SegmentedLog log;
  private volatile Throwable failure;
  private volatile Events events = Events.NONE;
  private PartitionApplier applier;
  /** Entries up to this index are covered by a catch-up install that Ratis has not reloaded yet. */
  private long installedIndex = RaftLog.INVALID_LOG_INDEX;

  PartitionStateMachine(PartitionSpec spec, PartitionDirectory directory, PartitionServices services,
                        PartitionMetrics metrics) {
    this.spec = spec;
    this.directory = directory;
    this.services = services;
    this.metrics = metrics;
    this.snapshotter = new PartitionSnapshotter(directory.snapshotFile());
    this.name = spec.id().toString();
    this.snapshotTrigger = new SnapshotTrigger(this, services);
    this.highWatermarkListeners = new HighWatermarkListeners(name);
  }

  /** What the owning replica wants to hear about. Called on Ratis threads; implementations must not block. */
  interface Events {
    Events NONE = new Events() {
      @Override
      public void leadershipChanged() { }

      @Override
      public void applyFailed() { }
    };

    /** This replica's Raft role or the group's leader changed. */
    void leadershipChanged();

    /** An apply failed; the replica will not apply anything else until restarted. */
    void applyFailed();
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
    super.initialize(server, groupId, storage);
    try {
      getLifeCycle().startAndTransition(this::loadState);
    } catch (IOException | RuntimeException e) {
      // Ratis does not close a division whose state machine failed to initialize, so its storage lock would stay
      // held and every later attempt to restart the group in this process would fail to lock the directory.
      try {
        storage.close();
      } catch (IOException | RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  private void loadState() throws IOException {
    stateLock.lock();
    try {
      Files.createDirectories(directory.logDir());
      PartitionSnapshot snapshot = snapshotter.load().orElse(null);
      long appendClock = snapshot == null ? 0 : snapshot.getProducerState().getLastAppendTimeMs();
      ApplyClock clock = new ApplyClock(appendClock);
      SegmentedLog opened = SegmentedLog.open(directory.logDir(), logConfig(spec.logConfig()), clock);
      applier = new PartitionApplier(opened, new ProducerStateTable(), clock, appendClock);
      if (snapshot == null) {
        // Without a snapshot the whole Raft log is replayed (it is only purged after a snapshot).
        if (opened.logEndOffset() > 0 || opened.logStartOffset() > 0) {
          opened.truncateFullyAndStartAt(0);
        }
        setLastAppliedTermIndex(TermIndex.INITIAL_VALUE);
      } else {
        try {
          PartitionSnapshotter.reconcile(opened, snapshot, getGroupId());
        } catch (IOException | RuntimeException e) {
          opened.close();
          throw e;
        }
        applier.loadProducerState(snapshot.getProducerState());
        setLastAppliedTermIndex(TermIndex.valueOf(snapshot.getTerm(), snapshot.getRaftIndex()));
      }
      log = opened;
      LOG.info("{}: loaded log [{}, {}) at {}", name, opened.logStartOffset(), opened.logEndOffset(),
          getLastAppliedTermIndex());
    } finally {
      stateLock.unlock();
    }
  }

  /** The log's own batch limit is the entry limit, identical on every replica; the topic limit is the leader's. */
  private LogConfig logConfig(LogConfig topicConfig) {
    return topicConfig.toBuilder().maxMessageBytes(services.tuning().maxCommandBytes()).build();
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return snapshotter.ratisSnapshotInfo();
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext.Builder trx = TransactionContext.newBuilder().setStateMachine(this)
        .setClientRequest(request).setLogData(request.getMessage().getContent());
    try {
      PartitionCommand command = PartitionCommandCodec.decode(request.getMessage().getContent());
      CommandValidator.validate(command, request.getMessage().getContent().size(), spec.logConfig(),
          services.tuning());
      return trx.setStateMachineContext(command).build();
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      TransactionContext failed = trx.build();
      failed.setException(e);
      return failed;
    }
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    PartitionCommand command;
    PartitionCommandResult result;
    stateLock.lock();
    try {
      if (failure != null) {
        return CompletableFuture.failedFuture(unhealthy());
      }
      if (entry.getIndex() <= installedIndex) {
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(Message.EMPTY);
      }
      command = trx.getStateMachineContext() instanceof PartitionCommand c
          ? c : PartitionCommandCodec.decode(entry.getStateMachineLogEntry().getLogData());
      result = applier.apply(command, entry.getTerm());
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      failure = e;
      metrics.applyFailed();
      LOG.error("{}: failed to apply {}; the replica stops applying until restarted", name,
          TermIndex.valueOf(entry), e);
      events.applyFailed();
      return CompletableFuture.failedFuture(unhealthy());
    } finally {
      stateLock.unlock();
    }
    recordApplied(command, result);
    return CompletableFuture.completedFuture(PartitionCommandCodec.encodeResult(result));
  }

  private void recordApplied(PartitionCommand command, PartitionCommandResult result) {
    long appendedBytes = 0;
    for (int i = 0; i < result.getBatchResultsCount(); i++) {
      ErrorCode error = result.getBatchResults(i).getError();
      if (error == ErrorCode.ERROR_CODE_NONE) {
        int bytes = command.getAppendBatches().getBatches(i).size();
        appendedBytes += bytes;
        metrics.batchAppended(bytes);
      } else if (error != ErrorCode.ERROR_CODE_DUPLICATE_SEQUENCE) {
        metrics.batchRejected(error.name());
      }
    }
    highWatermarkListeners.changed(result.getLogEndOffset());
    snapshotTrigger.recordApplied(appendedBytes);
  }

  /**
   * The error for appends after a failed apply. A full disk is reported as such ({@code DISK_FULL}, retriable): the
   * entry is committed in Raft and other replicas apply it, and this replica re-applies it from its Raft log when
   * its group restarts, so an idempotent producer's retry resolves to the original offsets.
   */
  private StoreException unhealthy() {
    if (StorageErrors.isDiskFull(failure)) {
      return new DiskFullException(name + ": disk full on this replica; retry (the replica restarts by itself once "
          + "space is freed)", failure);
    }
    String message = name + ": replica stopped applying after a failure; it restarts from its last snapshot";
    return failure instanceof LogDirOfflineException
        ? new LogDirOfflineException(message, failure) : new ReplicationException(message, failure);
  }

  @Override
  public long takeSnapshot() throws IOException {
    long startNanos = System.nanoTime();
    stateLock.lock();
    try {
      if (failure != null) {
        throw new IOException(name + ": no snapshot after a failed apply", failure);
      }
      TermIndex applied = getLastAppliedTermIndex();
      if (installedIndex > applied.getIndex()) {
        throw new IOException(name + ": catch-up to " + installedIndex + " not yet reloaded; applied " + applied);
      }
      if (applied.getIndex() < 0) {
        return RaftLog.INVALID_LOG_INDEX;
      }
      PartitionSnapshot latest = snapshotter.latest().orElse(null);
      if (latest != null && latest.getRaftIndex() >= applied.getIndex()) {
        return latest.getRaftIndex();
      }
      writeSnapshot(applied.getTerm(), applied.getIndex());
      snapshotTrigger.snapshotTaken();
      return applied.getIndex();
    } finally {
      stateLock.unlock();
      metrics.snapshotTaken(Duration.ofNanos(System.nanoTime() - startNanos));
    }
  }

  /** Flushes the log, then records it durably as the state at (term, index). Caller holds the state lock. */
  private void writeSnapshot(long term, long index) throws IOException {
    SegmentedLog current = log;
    current.flush();
    snapshotter.write(PartitionSnapshot.newBuilder()
        .setTerm(term)
        .setRaftIndex(index)
        .setLogStartOffset(current.logStartOffset())
        .setLogEndOffset(current.logEndOffset())
        .setProducerState(applier.producerState())
        .build());
  }

  /** The latest snapshot, as a lagging follower fetches it from this (leader) replica. */
  PartitionSnapshotInfo snapshotInfo() {
    PartitionSnapshot snapshot = snapshotter.latest().orElseThrow(() ->
        new IllegalStateException(name + ": no snapshot taken yet"));
    return new PartitionSnapshotInfo(snapshot.getTerm(), snapshot.getRaftIndex(), snapshot.getLogStartOffset(),
        snapshot.getLogEndOffset(), snapshot.getProducerState().toByteArray());
  }

  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo,
                                                                      TermIndex firstTermIndexInLog) {
    OptionalInt leader = RaftGroups.nodeId(
        RaftPeerId.valueOf(roleInfo.getFollowerInfo().getLeaderInfo().getId().getId()));
    if (leader.isEmpty()) {
      return CompletableFuture.failedFuture(new IOException(name + ": catch-up needs a known leader"));
    }
    LOG.info("{}: behind the leader's purged Raft log (first available {}); catching up from node {}", name,
        firstTermIndexInLog, leader.getAsInt());
    return CompletableFuture.supplyAsync(() -> {
      try {
        TermIndex installed = installFromLeader(leader.getAsInt(), firstTermIndexInLog);
        metrics.catchUp(true);
        return installed;
      } catch (IOException | RuntimeException e) {
        metrics.catchUp(false);
        LOG.warn("{}: catch-up from node {} failed (Ratis retries on the next notification)", name,
            leader.getAsInt(), e);
        throw new CompletionException(e);
      }
    }, services.catchUpExecutor());
  }

  private TermIndex installFromLeader(int leaderNodeId, TermIndex firstAvailable) throws IOException {
    PartitionSnapshotInfo target = services.catchUpSource().snapshotInfo(spec.id(), leaderNodeId);
    if (target.raftIndex() + 1 < firstAvailable.getIndex()) {
      throw new IOException(name + ": leader snapshot at index " + target.raftIndex()
          + " does not reach its first available log index " + firstAvailable.getIndex());
    }
    stateLock.lock();
    long localEnd = log.logEndOffset();
    ProducerStateSnapshot localProducers = applier.producerState();
    try {
      new PartitionCatchUp(services.catchUpSource(), spec.id(), services.tuning().maxCommandBytes())
          .copyMissingBatches(log, leaderNodeId, target);
      applier.loadProducerState(ProducerStateSnapshot.parseFrom(target.producerState()));
      writeSnapshot(target.term(), target.raftIndex());
      installedIndex = target.raftIndex();
    } catch (IOException | RuntimeException e) {
      undoCatchUp(localEnd, localProducers, e);
      throw e;
    } finally {
      stateLock.unlock();
    }
    highWatermarkListeners.changed(log.logEndOffset());
    LOG.info("{}: caught up to {} (log [{}, {}))", name, target.raftIndex(), target.logStartOffset(),
        target.logEndOffset());
    return TermIndex.valueOf(target.term(), target.raftIndex());
  }

  /**
   * Puts the replica back where it was before a failed catch-up, so that entries it applies from its own Raft log
   * (for example from a new leader that still has them) land at the right offsets; Ratis retries the catch-up on
   * the leader's next notification. If the catch-up had to restart the log above the old end, the old state is
   * gone: the replica fails and goes offline until a restart reconciles it with its last snapshot.
   */
  private void undoCatchUp(long localEnd, ProducerStateSnapshot localProducers, Exception cause) {
    try {
      if (log.logStartOffset() <= localEnd) {
        log.truncateTo(localEnd);
        applier.loadProducerState(localProducers);
        return;
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
    failure = cause;
    metrics.applyFailed();
    LOG.error("{}: catch-up failed after replacing the local log; the replica stops until restarted", name, cause);
    events.applyFailed();
  }

  @Override
  public void pause() {
    if (getLifeCycle().getCurrentState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** Called by Ratis after a catch-up install: adopt the snapshot the install wrote. */
  @Override
  public void reinitialize() throws IOException {
    stateLock.lock();
    try {
      PartitionSnapshot snapshot = snapshotter.load().orElseThrow(() ->
          new IOException(name + ": reinitialize without a snapshot at " + directory.snapshotFile()));
      PartitionSnapshotter.reconcile(log, snapshot, getGroupId());
      applier.loadProducerState(snapshot.getProducerState());
      setLastAppliedTermIndex(TermIndex.valueOf(snapshot.getTerm(), snapshot.getRaftIndex()));
    } finally {
      stateLock.unlock();
    }
    if (getLifeCycle().getCurrentState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
    highWatermarkListeners.changed(log.logEndOffset());
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    events.leadershipChanged();
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    events.leadershipChanged();
  }

  @Override
  public void close() throws IOException {
    stateLock.lock();
    try {
      SegmentedLog current = log;
      if (current != null) {
        current.close();
      }
    } finally {
      stateLock.unlock();
    }
  }

  PartitionSpec spec() {
    return spec;
  }

  /** Adopts new log settings; the log applies what it can change at run time. */
  void updateConfig(LogConfig config) throws IOException {
    directory.writeDescriptor(new PartitionSpec(spec.id(), spec.topicId(), spec.replicas(), config));
    spec = new PartitionSpec(spec.id(), spec.topicId(), spec.replicas(), config);
    SegmentedLog current = log;
    if (current != null) {
      current.updateConfig(logConfig(config));
    }
  }

  /** The log, or a failure if the state machine has not been initialized or has failed. */
  SegmentedLog log() {
    SegmentedLog current = log;
    if (current == null) {
      throw new ReplicationException(name + ": partition log is not open", null);
    }
    return current;
  }

  boolean isHealthy() {
    return failure == null;
  }

  void setEvents(Events events) {
    this.events = events;
  }

  AutoCloseable addHighWatermarkListener(LongConsumer listener) {
    return highWatermarkListeners.add(listener);
  }

  /** The Raft log could not be written (e.g. disk full): stop the group so that it is restarted from storage. */
  @Override
  public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
    LogFailures.closeDivision(this, cause, failedEntry);
  }
}
