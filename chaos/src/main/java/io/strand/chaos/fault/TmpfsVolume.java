package io.strand.chaos.fault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small tmpfs mounted on one node's data directory, so that the node's disk can be filled on demand: {@link
 * #fill()} writes a ballast file until the file system reports no space left, {@link #drain()} deletes it. Root
 * only. The mount's source is named {@code strand-chaos-<pid>} so {@link #removeStale} can find mounts left by a
 * harness JVM that died.
 *
 * <p>Thread-safe: methods are synchronized.
 */
public final class TmpfsVolume implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TmpfsVolume.class);
  private static final String BALLAST = ".chaos-disk-full-ballast";
  private static final String SOURCE_PREFIX = "strand-chaos-";
  private static final int CHUNK_BYTES = 1 << 20;

  private final HostCommands commands;
  private final Path mountPoint;
  private boolean mounted;

  private TmpfsVolume(HostCommands commands, Path mountPoint) {
    this.commands = commands;
    this.mountPoint = mountPoint;
  }

  /**
   * Mounts a tmpfs of {@code sizeBytes} on {@code dir} (created if missing; must be empty).
   *
   * @throws FaultInjectionException if not root, the directory is not empty or mount fails
   */
  public static TmpfsVolume mount(HostCommands commands, Path dir, long sizeBytes) throws IOException {
    if (sizeBytes < CHUNK_BYTES) {
      throw new IllegalArgumentException("sizeBytes must be >= 1 MiB, got " + sizeBytes);
    }
    if (!commands.isRoot()) {
      throw new FaultInjectionException("mounting a tmpfs needs root; disk-full faults are skipped otherwise");
    }
    Files.createDirectories(dir);
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new FaultInjectionException("will not mount a tmpfs over non-empty " + dir);
      }
    }
    TmpfsVolume volume = new TmpfsVolume(commands, dir.toAbsolutePath());
    commands.runChecked("mount", "-t", "tmpfs", "-o", "size=" + (sizeBytes / 1024) + "k,mode=0755",
        SOURCE_PREFIX + ProcessHandle.current().pid(), volume.mountPoint.toString());
    volume.mounted = true;
    return volume;
  }

  /** Unmounts tmpfs volumes of harness JVMs that are no longer alive; returns the mount points. */
  public static List<Path> removeStale(HostCommands commands) throws IOException {
    List<Path> removed = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
      String[] fields = line.split("\\s+");
      if (fields.length > 2 && fields[0].startsWith(SOURCE_PREFIX) && fields[2].equals("tmpfs")) {
        long pid = Long.parseLong(fields[0].substring(SOURCE_PREFIX.length()));
        if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
          commands.runQuietly("umount", "-l", fields[1]);
          removed.add(Path.of(fields[1]));
        }
      }
    }
    return removed;
  }

  public Path mountPoint() {
    return mountPoint;
  }

  /** Writes ballast until the volume is full; returns the bytes written. */
  public synchronized long fill() throws IOException {
    long written = 0;
    ByteBuffer zeros = ByteBuffer.allocate(CHUNK_BYTES);
    try (FileChannel ch = FileChannel.open(mountPoint.resolve(BALLAST), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (true) {
        zeros.clear();
        written += ch.write(zeros);
      }
    } catch (IOException e) {
      if (written == 0 && Files.getFileStore(mountPoint).getUsableSpace() > CHUNK_BYTES) {
        throw e;
      }
    }
    LOG.info("filled {} with {} bytes of ballast", mountPoint, written);
    return written;
  }

  /** Deletes the ballast so the node can write again. */
  public synchronized void drain() throws IOException {
    Files.deleteIfExists(mountPoint.resolve(BALLAST));
  }

  /** Drains and unmounts (lazily if something still holds it open); idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (!mounted) {
      return;
    }
    drain();
    CommandResult result = commands.run(List.of("umount", mountPoint.toString()));
    if (!result.succeeded()) {
      commands.runChecked("umount", "-l", mountPoint.toString());
    }
    mounted = false;
  }
}
