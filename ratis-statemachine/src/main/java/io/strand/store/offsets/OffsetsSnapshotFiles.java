package io.strand.store.offsets;

import io.strand.internal.proto.OffsetsSnapshot;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

/**
 * Reads and writes offsets snapshot files in Ratis' single-file layout ({@code snapshot.<term>_<index>} plus an
 * {@code .md5} file), so that Ratis' own snapshot bookkeeping (purge, chunked install) works unchanged. A file is
 * written to a temporary name, fsynced and renamed, so a crash never leaves a half-written snapshot under its
 * final name. Stateless.
 */
final class OffsetsSnapshotFiles {
  private OffsetsSnapshotFiles() {}

  /** Writes {@code snapshot} durably and registers it as the storage's latest snapshot. */
  static SingleFileSnapshotInfo write(SimpleStateMachineStorage storage, OffsetsSnapshot snapshot)
      throws IOException {
    File target = storage.getSnapshotFile(snapshot.getTerm(), snapshot.getIndex());
    Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      snapshot.writeTo(out);
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(target.toPath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
    SingleFileSnapshotInfo info = new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5),
        snapshot.getTerm(), snapshot.getIndex());
    storage.updateLatestSnapshot(info);
    return info;
  }

  /** Reads a snapshot file, checking its MD5 when there is one. */
  static OffsetsSnapshot read(SingleFileSnapshotInfo info) throws IOException {
    File file = info.getFile().getPath().toFile();
    if (info.getFile().getFileDigest() != null) {
      MD5FileUtil.verifySavedMD5(file, info.getFile().getFileDigest());
    }
    OffsetsSnapshot snapshot = OffsetsSnapshot.parseFrom(Files.readAllBytes(file.toPath()));
    if (snapshot.getTerm() != info.getTerm() || snapshot.getIndex() != info.getIndex()) {
      throw new IOException("snapshot file " + file + " holds term/index " + snapshot.getTerm() + "/"
          + snapshot.getIndex() + " but its name says " + info.getTerm() + "/" + info.getIndex());
    }
    return snapshot;
  }
}
