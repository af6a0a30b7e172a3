package io.strand.store.raft;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs a Ratis {@code current/raft-meta} file (a group's persisted term and vote) that a full disk left without
 * a term, before the Raft server starts: Ratis writes it through a buffered writer over an atomic-rename stream, and
 * when the buffered write fails with {@code ENOSPC} the stream still renames its empty temporary file into place.
 * Ratis then refuses to start the whole server ("'term' not found in properties"), so the node could never come
 * back (found by the chaos harness, seed 20261123).
 *
 * <p>The lost term and vote cannot be recovered. Restoring a term at or below the lost one could let this node vote
 * twice in one term, so the repair writes a term above any a group can have reached: the current time in seconds
 * (terms grow by one per election; a cluster would need over a billion elections to get there), and a vote for
 * this node itself. The
 * group then joins the others at that term: the first election after the repair moves the group's term there,
 * which is safe, only unusual.
 *
 * <p>Stateless apart from its arguments; call before the Raft server starts (single-threaded).
 */
final class RaftMetaRepair {
  private static final Logger LOG = LoggerFactory.getLogger(RaftMetaRepair.class);
  static final String FILE = "raft-meta";

  private RaftMetaRepair() {}

  /** Repairs every group's raft-meta under {@code raftStorageDir}; returns the files it rewrote. */
  static List<Path> repairAll(Path raftStorageDir, String selfPeerId, Clock clock) throws IOException {
    List<Path> repaired = new ArrayList<>();
    if (!Files.isDirectory(raftStorageDir)) {
      return repaired;
    }
    try (DirectoryStream<Path> groups = Files.newDirectoryStream(raftStorageDir, Files::isDirectory)) {
      for (Path group : groups) {
        Path meta = group.resolve("current").resolve(FILE);
        if (Files.isRegularFile(meta) && !hasTerm(meta)) {
          long term = clock.millis() / 1000;
          write(meta, term, selfPeerId);
          LOG.error("{} had no term (written on a full disk); rewrote it with term {} and a vote for itself so that"
              + " the group can start without voting twice in a term", meta, term);
          repaired.add(meta);
        }
      }
    }
    return repaired;
  }

  private static boolean hasTerm(Path meta) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
      properties.load(in);
      Long.parseLong(properties.getProperty("term", ""));
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void write(Path meta, long term, String selfPeerId) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("term", Long.toString(term));
    // A vote for itself in a term it never campaigned in only keeps it from voting for another node in that term.
    properties.setProperty("votedFor", selfPeerId);
    Path temp = meta.resolveSibling(FILE + ".strand-repair");
    try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      properties.store(out, "repaired by Strand: the previous file had no term");
    }
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
