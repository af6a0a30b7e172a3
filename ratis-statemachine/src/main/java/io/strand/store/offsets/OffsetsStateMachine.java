package io.strand.store.offsets;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.OffsetsLogEntry;
import io.strand.internal.proto.OffsetsRecord;
import io.strand.internal.proto.OffsetsSnapshot;
import io.strand.store.raft.LogFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of one {@code __consumer_offsets} partition: applies {@code OffsetsLogEntry} records to a
 * {@link CoordinatorState}, snapshots it to a single small file, and, while this replica leads, runs the partition's
 * group coordinator ({@link OffsetsCoordinatorRuntime}) and serves linearizable reads.
 *
 * <p>Snapshots work in both Ratis install modes. With {@code raft.server.log.appender.install.snapshot.enabled}
 * (chunk transfer) Ratis copies the snapshot file and {@link #reinitialize()} loads it. In notification mode (the
 * node default, shared with the partition state machines) {@link #notifyInstallSnapshotFromLeader} fetches the
 * leader's current state through an {@link OffsetsSnapshotSource} and stores it as the local snapshot.
 *
 * <p>Reads are linearizable: they go through Ratis' read index when the server's {@code raft.server.read.option}
 * is {@code LINEARIZABLE}, and otherwise through an empty entry committed in the leader's term.
 *
 * <p>Thread-safe: Ratis applies entries on one thread; readers and the snapshot take a read lock on the state.
 */
public final class OffsetsStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(OffsetsStateMachine.class);
  private static final Message APPLIED = Message.valueOf(ByteString.copyFrom(new byte[] {1}));
  private static final Message SKIPPED = Message.valueOf(ByteString.copyFrom(new byte[] {0}));

  private final String name;
  private final GroupCoordinator coordinator;
  private final TopicsView topics;
  private final OffsetsSnapshotSource snapshotSource;
  private final Clock clock;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private CoordinatorState state = new CoordinatorState();
  private volatile RaftSubmitter submitter;
  private volatile OffsetsCoordinatorRuntime runtime;
  private ExecutorService installer;

  /**
   * @param partition the offsets partition number (names threads and logs)
   * @param topics the live view of cluster topics, used by the coordinator
   * @param snapshotSource fetches the leader's state when this replica fell behind its purged log
   */
  public OffsetsStateMachine(int partition, OffsetsConfig config, TopicsView topics,
      OffsetsSnapshotSource snapshotSource, Clock clock) {
    this.name = "offsets-" + partition;
    this.coordinator = new GroupCoordinator(config);
    this.topics = topics;
    this.snapshotSource = snapshotSource;
    this.clock = clock;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      storage.init(raftStorage);
      loadLatestSnapshot();
      submitter = new RaftSubmitter(server, groupId);
      long tickMs = Math.max(10, Math.min(1000, coordinator.config().minSessionTimeoutMs() / 4));
      runtime = new OffsetsCoordinatorRuntime(name, coordinator, topics, clock, submitter::propose,
          Duration.ofMillis(tickMs), () -> activateCoordinator(1));
    }, IOException.class);
  }

  /** Ratis pauses the state machine before it reloads it from an installed snapshot. */
  @Override
  public synchronized void pause() {
    if (getLifeCycleState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** Reloads the state from the latest snapshot file (after a snapshot install, in either mode). */
  @Override
  public synchronized void reinitialize() throws IOException {
    storage.loadLatestSnapshot();
    loadLatestSnapshot();
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  private void loadLatestSnapshot() throws IOException {
    SingleFileSnapshotInfo info = storage.getLatestSnapshot();
    if (info == null) {
      return;
    }
    OffsetsSnapshot snapshot = OffsetsSnapshotFiles.read(info);
    CoordinatorState loaded = CoordinatorState.fromSnapshot(snapshot);
    lock.writeLock().lock();
    try {
      state = loaded;
      setLastAppliedTermIndex(TermIndex.valueOf(snapshot.getTerm(), snapshot.getIndex()));
    } finally {
      lock.writeLock().unlock();
    }
    LOG.info("{}: loaded snapshot {} with {} groups", name, info.getTermIndex(), loaded.groups().groups().size());
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    boolean applied = false;
    lock.writeLock().lock();
    try {
      OffsetsLogEntry e = OffsetsLogEntry.parseFrom(
          entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
      applied = e.getCoordinatorTerm() == entry.getTerm();
      if (applied) {
        applyRecords(e.getRecordsList(), entry);
      }
    } catch (InvalidProtocolBufferException ex) {
      LOG.error("{}: skipping undecodable entry {}", name, TermIndex.valueOf(entry), ex);
    } finally {
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      lock.writeLock().unlock();
    }
    return CompletableFuture.completedFuture(applied ? APPLIED : SKIPPED);
  }

  /** Applies records; a record the state rejects is logged and skipped, the same way on every replica. */
  private void applyRecords(List<OffsetsRecord> records, LogEntryProto entry) {
    for (OffsetsRecord r : records) {
      try {
        state.apply(r);
      } catch (RuntimeException ex) {
        LOG.error("{}: record {} of entry {} does not apply; skipped", name, r.getKindCase(),
            TermIndex.valueOf(entry), ex);
      }
    }
  }

  @Override
  public long takeSnapshot() throws IOException {
    OffsetsSnapshot snapshot = readLocked(s -> {
      TermIndex applied = getLastAppliedTermIndex();
      return applied == null || applied.getIndex() < 0 ? null : s.toSnapshot(applied.getTerm(), applied.getIndex());
    });
    if (snapshot == null) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    // Ratis removes older snapshot files afterwards, per raft.server.snapshot.retention.file.num.
    OffsetsSnapshotFiles.write(storage, snapshot);
    return snapshot.getIndex();
  }

  /** Read-index reads carry no payload: the caller reads the state once the read is linearized. */
  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  @Override
  public void notifyLeaderReady() {
    activateCoordinator(1);
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    deactivateCoordinator();
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    if (!groupMemberId.getPeerId().equals(newLeaderId)) {
      deactivateCoordinator();
    }
  }

  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo,
      TermIndex firstTermIndexInLog) {
    RaftPeerId leader = RaftPeerId.valueOf(roleInfo.getFollowerInfo().getLeaderInfo().getId().getId());
    return CompletableFuture.supplyAsync(() -> {
      try {
        OffsetsSnapshot snapshot = OffsetsSnapshot.parseFrom(snapshotSource.fetchSnapshot(getGroupId(), leader));
        CoordinatorState.fromSnapshot(snapshot);
        if (snapshot.getIndex() < firstTermIndexInLog.getIndex() - 1) {
          throw new IOException("leader " + leader + " sent state at index " + snapshot.getIndex()
              + ", older than its first log entry " + firstTermIndexInLog);
        }
        OffsetsSnapshotFiles.write(storage, snapshot);
        LOG.info("{}: installed state at {} from leader {}", name, snapshot.getIndex(), leader);
        return TermIndex.valueOf(snapshot.getTerm(), snapshot.getIndex());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, installer());
  }

  /** The current applied state, serialized, for a follower catching up (call on the leader). */
  public byte[] serveSnapshot() {
    return readLocked(s -> {
      TermIndex applied = getLastAppliedTermIndex();
      return s.toSnapshot(applied.getTerm(), applied.getIndex());
    }).toByteArray();
  }

  // ---- group API (coordinator = leader of this partition) ----

  /** Whether this replica currently coordinates the partition's groups. */
  public boolean isCoordinator() {
    OffsetsCoordinatorRuntime r = runtime;
    return r != null && r.isActive();
  }

  public CompletableFuture<HeartbeatResponse> heartbeat(HeartbeatRequest request) {
    return runtime().heartbeat(request);
  }

  public CompletableFuture<OffsetCommitResponse> commitOffsets(OffsetCommitRequest request) {
    return runtime().commitOffsets(request);
  }

  public CompletableFuture<GroupOperationResult> resetOffsets(String groupId, Map<TopicPartition, Long> offsets) {
    return runtime().resetOffsets(groupId, offsets);
  }

  public CompletableFuture<GroupOperationResult> deleteGroup(String groupId) {
    return runtime().deleteGroup(groupId);
  }

  /** Committed offsets (linearizable): all of the group's, or only {@code partitions}. */
  public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> fetchOffsets(String groupId,
      Optional<List<TopicPartition>> partitions) {
    return linearizable(s -> coordinator.fetchOffsets(s, groupId, partitions));
  }

  public CompletableFuture<List<GroupListing>> listGroups() {
    return linearizable(coordinator::listGroups);
  }

  public CompletableFuture<Optional<GroupDescription>> describeGroup(String groupId) {
    return linearizable(s -> coordinator.describeGroup(s, groupId));
  }

  /** Reads the applied state, for tests and diagnostics; not linearizable. */
  public <T> T readLocal(Function<CoordinatorState, T> reader) {
    return readLocked(reader);
  }

  @Override
  public void close() throws IOException {
    OffsetsCoordinatorRuntime r = runtime;
    if (r != null) {
      r.close();
    }
    synchronized (this) {
      if (installer != null) {
        installer.shutdownNow();
      }
    }
    super.close();
  }

  private <T> CompletableFuture<T> linearizable(Function<CoordinatorState, T> reader) {
    if (!isCoordinator()) {
      return CompletableFuture.failedFuture(new CoordinatorUnavailableException(ErrorCode.ERROR_CODE_NOT_COORDINATOR,
          name + " is not coordinated by this node"));
    }
    return submitter.linearizableRead().thenApply(v -> readLocked(reader));
  }

  private OffsetsCoordinatorRuntime runtime() {
    OffsetsCoordinatorRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException(name + " is not initialized");
    }
    return r;
  }

  private <T> T readLocked(Function<CoordinatorState, T> reader) {
    lock.readLock().lock();
    try {
      return reader.apply(state);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Activates the coordinator once an empty entry of the current term has applied: every entry before it (all
   * earlier terms, and anything a failed runtime left behind) is then in the state, and nothing after it exists
   * yet because only the coordinator writes. Retries with back-off while this replica stays leader.
   */
  private void activateCoordinator(int attempt) {
    RaftSubmitter s = submitter;
    if (s == null || !s.isLeader()) {
      return;
    }
    long term = s.currentTerm();
    s.propose(OffsetsLogEntry.newBuilder().setCoordinatorTerm(term).setProposedAtMs(clock.millis()).build())
        .whenComplete((applied, err) -> {
          if (err == null && applied && s.isLeader() && s.currentTerm() == term) {
            runtime.activate(term, readLocked(CoordinatorState::copy));
          } else if (s.isLeader()) {
            long delayMs = Math.min(2000, 50L << Math.min(attempt, 6));
            LOG.info("{}: coordinator activation attempt {} failed ({}); retrying in {} ms", name, attempt,
                err == null ? "term moved" : err.toString(), delayMs);
            CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS)
                .execute(() -> activateCoordinator(attempt + 1));
          }
        });
  }

  private void deactivateCoordinator() {
    OffsetsCoordinatorRuntime r = runtime;
    if (r != null) {
      r.deactivate();
    }
  }

  private synchronized ExecutorService installer() {
    if (installer == null) {
      installer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, name + "-install");
        t.setDaemon(true);
        return t;
      });
    }
    return installer;
  }

  /** The Raft log could not be written (e.g. disk full): stop the group so that it is restarted from storage. */
  @Override
  public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
    LogFailures.closeDivision(this, cause, failedEntry);
  }
}
