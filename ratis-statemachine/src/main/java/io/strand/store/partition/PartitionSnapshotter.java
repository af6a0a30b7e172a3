package io.strand.store.partition;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strand.internal.proto.PartitionSnapshot;
import io.strand.store.log.SegmentedLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;

/**
 * Reads and writes a partition replica's snapshot file and remembers the latest one. A snapshot is only written
 * after the segment files were flushed up to its log end offset, so the file plus the segments reproduce the state
 * at its Raft index. Only the latest snapshot is kept: the file is replaced atomically.
 *
 * <p>Thread-safe: writes are serialized by the caller (the apply thread or catch-up with apply excluded); the latest
 * snapshot is published through a volatile field for readers.
 */
final class PartitionSnapshotter {
  static final int SNAPSHOT_MAGIC = 0x53545053;

  private final Path file;
  private volatile PartitionSnapshot latest;

  PartitionSnapshotter(Path file) {
    this.file = file;
  }

  /** Loads the snapshot file, if any, and makes it the latest. */
  Optional<PartitionSnapshot> load() throws IOException {
    Optional<byte[]> bytes = ChecksummedFile.read(file, SNAPSHOT_MAGIC);
    if (bytes.isEmpty()) {
      latest = null;
      return Optional.empty();
    }
    try {
      latest = PartitionSnapshot.parseFrom(bytes.get());
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("unreadable partition snapshot " + file + ": " + e.getMessage(), e);
    }
    return Optional.of(latest);
  }

  /** Writes the snapshot durably and makes it the latest. */
  void write(PartitionSnapshot snapshot) throws IOException {
    ChecksummedFile.write(file, SNAPSHOT_MAGIC, snapshot.toByteArray());
    latest = snapshot;
  }

  Optional<PartitionSnapshot> latest() {
    return Optional.ofNullable(latest);
  }

  /**
   * Brings a freshly opened (or caught-up) log in line with a snapshot: drops what was applied after the snapshot
   * (Ratis replays those entries) and re-applies the snapshot's log start offset if the log's checkpoint lagged.
   *
   * @throws DamagedReplicaException if the log ends before the snapshot's end offset: data the snapshot declared
   *     flushed is missing, and the purged Raft log cannot replay it
   */
  static void reconcile(SegmentedLog log, PartitionSnapshot snapshot, RaftGroupId groupId) throws IOException {
    if (log.logEndOffset() < snapshot.getLogEndOffset()) {
      throw new DamagedReplicaException(groupId, "partition log " + log.dir() + " ends at offset "
          + log.logEndOffset() + " but its snapshot at Raft index " + snapshot.getRaftIndex()
          + " covers offsets up to " + snapshot.getLogEndOffset() + "; flushed data is missing.", null);
    }
    log.truncateTo(snapshot.getLogEndOffset());
    if (log.logStartOffset() < snapshot.getLogStartOffset()) {
      log.deleteRecordsBefore(snapshot.getLogStartOffset());
    }
  }

  /** The latest snapshot as Ratis sees it, or null if there is none (Ratis' convention). */
  SnapshotInfo ratisSnapshotInfo() {
    PartitionSnapshot snapshot = latest;
    if (snapshot == null) {
      return null;
    }
    return new SingleFileSnapshotInfo(new FileInfo(file, null), snapshot.getTerm(), snapshot.getRaftIndex());
  }
}
