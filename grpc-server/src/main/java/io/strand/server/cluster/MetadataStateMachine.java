package io.strand.server.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.ClusterImageData;
import io.strand.internal.proto.MetadataCommand;
import io.strand.internal.proto.MetadataQuery;
import io.strand.internal.proto.MetadataQueryReply;
import io.strand.internal.proto.MetadataResult;
import io.strand.store.raft.LogFailures;
import io.strand.store.raft.RaftGroups;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of the cluster metadata group. Keeps the {@link ClusterImage} in memory, applies
 * {@link MetadataCommand}s through {@link MetadataApplier}, and snapshots the serialized image into one file
 * (chunk-transfer installs work as is; in notification mode the image is fetched from the leader through
 * {@link LeaderImageSource}).
 *
 * <p>On the leader, {@link #startTransaction} stamps each command with the nodes the leader currently sees
 * alive, so placement is computed from one recorded input on every replica.
 *
 * <p>Ratis makes a new instance whenever it (re)starts the group; {@link ClusterMetadata} is the node's
 * long-lived view that every instance publishes to.
 *
 * <p>Thread-safety: commands are applied on Ratis' single apply thread; the sink is called on that thread.
 */
public final class MetadataStateMachine extends BaseStateMachine {

  private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);

  /** Where a follower behind the leader's purged log gets the leader's current image. */
  public interface LeaderImageSource {
    CompletableFuture<MetadataQueryReply> fetchLeaderImage();
  }

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final MetadataApplier applier;
  private final LeaderImageSource leaderImages;
  private final long liveThresholdMs;
  private final Consumer<ClusterImage> sink;
  private volatile ClusterImage image = ClusterImage.EMPTY;

  /**
   * @param liveThresholdMs a follower counts as alive while the leader heard from it within this many ms
   * @param sink receives every new image (on the apply thread; must not block)
   */
  public MetadataStateMachine(MetadataApplier applier, LeaderImageSource leaderImages, long liveThresholdMs,
                              Consumer<ClusterImage> sink) {
    this.applier = applier;
    this.leaderImages = leaderImages;
    this.liveThresholdMs = liveThresholdMs;
    this.sink = sink;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    getLifeCycle().startAndTransition(() -> load(storage.getLatestSnapshot()));
  }

  @Override
  public synchronized void pause() {
    if (getLifeCycle().getCurrentState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  @Override
  public synchronized void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
    if (getLifeCycle().getCurrentState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    MetadataCommand command = MetadataCommand.parseFrom(request.getMessage().getContent().asReadOnlyByteBuffer());
    MetadataCommand stamped = command.toBuilder().clearLiveNodeIds().addAllLiveNodeIds(liveNodes()).build();
    return TransactionContext.newBuilder()
        .setStateMachine(this)
        .setClientRequest(request)
        .setLogData(UnsafeByteOperations.unsafeWrap(stamped.toByteArray()))
        .build();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    MetadataResult result;
    try {
      MetadataCommand command = MetadataCommand.parseFrom(
          entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
      MetadataApplier.Outcome outcome = applier.apply(image, command, entry.getIndex());
      result = outcome.result();
      publish(outcome.image());
    } catch (InvalidProtocolBufferException e) {
      // Only a corrupted or foreign entry gets here; skipping it keeps every replica identical.
      LOG.error("{}: skipping unreadable metadata entry {}", getId(), entry.getIndex(), e);
      result = MetadataResult.newBuilder().setError(ErrorCode.ERROR_CODE_UNKNOWN_SERVER_ERROR)
          .setMessage("unreadable metadata command: " + e.getMessage()).build();
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(result.toByteArray())));
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      MetadataQuery query = MetadataQuery.parseFrom(request.getContent().asReadOnlyByteBuffer());
      if (query.getQueryCase() == MetadataQuery.QueryCase.QUERY_NOT_SET) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("empty metadata query"));
      }
      ClusterImage current = image;
      TermIndex applied = getLastAppliedTermIndex();
      MetadataQueryReply.Builder reply = MetadataQueryReply.newBuilder()
          .setTerm(applied.getTerm())
          .setIndex(applied.getIndex());
      if (query.getQueryCase() == MetadataQuery.QueryCase.IMAGE) {
        reply.setImage(ClusterImageCodec.toProto(current));
      }
      return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(
          reply.build().toByteArray())));
    } catch (InvalidProtocolBufferException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex applied = getLastAppliedTermIndex();
    if (applied.getIndex() <= 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    writeSnapshot(ClusterImageCodec.toProto(image), applied);
    return applied.getIndex();
  }

  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo,
                                                                      TermIndex firstTermIndexInLog) {
    LOG.info("{}: behind the leader's purged log (first available {}); fetching the leader's image", getId(),
        firstTermIndexInLog);
    return leaderImages.fetchLeaderImage().thenApply(reply -> {
      TermIndex at = TermIndex.valueOf(reply.getTerm(), reply.getIndex());
      try {
        writeSnapshot(reply.getImage(), at);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot persist the metadata image fetched from the leader", e);
      }
      return at;
    });
  }

  private void writeSnapshot(ClusterImageData data, TermIndex at) throws IOException {
    File file = storage.getSnapshotFile(at.getTerm(), at.getIndex());
    Path target = file.toPath();
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      data.writeTo(out);
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    var md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target, md5), at));
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    if (snapshot.getFile().getFileDigest() != null) {
      MD5FileUtil.verifySavedMD5(file.toFile(), snapshot.getFile().getFileDigest());
    }
    ClusterImageData data = ClusterImageData.parseFrom(Files.readAllBytes(file));
    setLastAppliedTermIndex(snapshot.getTermIndex());
    publish(ClusterImageCodec.fromProto(data, snapshot.getIndex()));
    LOG.info("{}: loaded metadata snapshot {} ({} nodes, {} topics)", getId(), snapshot.getTermIndex(),
        image.nodes().size(), image.topics().size());
  }

  private void publish(ClusterImage next) {
    image = next;
    sink.accept(next);
  }

  /** This node and the followers the leader heard from recently (only meaningful on the leader). */
  private Set<Integer> liveNodes() throws IOException {
    Set<Integer> live = new TreeSet<>();
    RaftServer.Division division = getServer().join().getDivision(getGroupId());
    RaftGroups.nodeId(division.getId()).ifPresent(live::add);
    RoleInfoProto role = division.getInfo().getRoleInfoProto();
    if (role.hasLeaderInfo()) {
      for (var follower : role.getLeaderInfo().getFollowerInfoList()) {
        if (follower.getLastRpcElapsedTimeMs() <= liveThresholdMs) {
          RaftGroups.nodeId(RaftPeerId.valueOf(follower.getId().getId())).ifPresent(live::add);
        }
      }
    }
    return live;
  }

  /** The Raft log could not be written (e.g. disk full): stop the group so that it is restarted from storage. */
  @Override
  public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
    LogFailures.closeDivision(this, cause, failedEntry);
  }
}
