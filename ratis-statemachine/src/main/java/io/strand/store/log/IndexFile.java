package io.strand.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file of fixed-size, big-endian entries sorted by a monotonically increasing key, read with positional
 * {@link SharedFileChannel} reads (binary search probes one entry at a time; the OS page cache keeps hot indexes in
 * memory). The file holds exactly {@code entries * entrySize} bytes: nothing is preallocated, so a crash can
 * only leave a short or torn last entry, which the loader detects by the length.
 *
 * <p>Index files are caches: whenever one is missing or inconsistent the segment rebuilds it from the log file.
 *
 * @param <E> the decoded entry type
 *
 * <p>Thread-safety: one writer (the log's single writer) and any number of concurrent readers. The entry count is
 * published through a volatile after the entry's bytes are written, so readers only probe complete entries.
 * Truncation must be excluded from readers by the caller.
 */
public abstract class IndexFile<E> implements AutoCloseable {
  private final Path path;
  private final SharedFileChannel channel;
  private final int entrySize;
  private final int maxEntries;
  private final long baseOffset;
  private volatile int entries;
  private boolean dirty;

  protected IndexFile(Path path, long baseOffset, int entrySize, int maxIndexSizeBytes) throws IOException {
    this.path = path;
    this.baseOffset = baseOffset;
    this.entrySize = entrySize;
    this.maxEntries = Math.max(1, maxIndexSizeBytes / entrySize);
    this.channel = new SharedFileChannel(path);
    this.entries = (int) Math.min(Integer.MAX_VALUE, channel.size() / entrySize);
  }

  public Path path() {
    return path;
  }

  /** Base offset of the segment this index belongs to; stored entries hold offsets relative to it. */
  public long baseOffset() {
    return baseOffset;
  }

  public int entries() {
    return entries;
  }

  public int maxEntries() {
    return maxEntries;
  }

  /** True once the index holds its configured maximum number of entries; the segment must roll. */
  public boolean isFull() {
    return entries >= maxEntries;
  }

  public long sizeInBytes() {
    return (long) entries * entrySize;
  }

  /**
   * Checks the file length is a whole number of entries, then walks every entry in order through
   * {@link #checkEntry}. Returns a description of the first problem, or empty.
   */
  public final Optional<String> checkConsistency(int logSizeBytes, long segmentNextOffset) throws IOException {
    long length = channel.size();
    if (length % entrySize != 0) {
      return Optional.of(path + ": length " + length + " is not a multiple of the entry size " + entrySize);
    }
    PositionalReader reader = sequentialReader();
    E previous = null;
    for (int i = 0; i < entries; i++) {
      ByteBuffer buf = reader.window((long) i * entrySize, entrySize);
      E entry = decode(buf, (int) ((long) i * entrySize - reader.windowStart()));
      if (!isValidSuccessor(previous, entry, logSizeBytes, segmentNextOffset)) {
        return Optional.of(path + ": entry " + i + " " + entry + " is out of order or outside the segment (next "
            + "offset " + segmentNextOffset + ", log size " + logSizeBytes + ")");
      }
      previous = entry;
    }
    return Optional.empty();
  }

  /** Decodes the entry starting at {@code at} in {@code buf}. */
  protected abstract E decode(ByteBuffer buf, int at);

  /**
   * Whether {@code entry} may follow {@code previous} (null for the first entry) in a segment whose log file has
   * {@code logSizeBytes} bytes and whose next offset is {@code segmentNextOffset}.
   */
  protected abstract boolean isValidSuccessor(E previous, E entry, int logSizeBytes, long segmentNextOffset);

  /** Removes every entry. */
  public void clear() throws IOException {
    truncateToEntries(0);
  }

  /** Forces appended entries to disk if any were written since the last flush. */
  public void flush() throws IOException {
    if (dirty) {
      channel.force(false);
      dirty = false;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Closes and removes the file. */
  public void delete() throws IOException {
    channel.close();
    Files.deleteIfExists(path);
  }

  protected void appendEntry(ByteBuffer entry) throws IOException {
    int n = entries;
    long at = (long) n * entrySize;
    while (entry.hasRemaining()) {
      at += channel.write(entry, at);
    }
    dirty = true;
    entries = n + 1;
  }

  /** Reads entry {@code i} (0-based) into a new buffer positioned at 0. */
  protected ByteBuffer readEntry(int i) throws IOException {
    return PositionalReader.readExactly(channel, (long) i * entrySize, entrySize);
  }

  /** A windowed reader over the published entries, for whole-index scans. */
  protected PositionalReader sequentialReader() {
    return new PositionalReader(channel, entries * entrySize, 64 * 1024);
  }

  /** Reads a sort key of an entry: an offset or a timestamp, non-decreasing in the entry number. */
  @FunctionalInterface
  protected interface EntryKey {
    long at(int entry) throws IOException;
  }

  /**
   * Index of the last entry among the first {@code count} whose key is below {@code target} (or equal to it when
   * {@code inclusive}), or -1 if there is none.
   */
  protected static int lastEntryBelow(EntryKey keyAt, long target, boolean inclusive, int count)
      throws IOException {
    int lo = 0;
    int hi = count - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long key = keyAt.at(mid);
      if (key < target || (inclusive && key == target)) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Keeps the first {@code count} entries and drops the rest, shrinking the file. */
  public void truncateToEntries(int count) throws IOException {
    entries = Math.min(entries, count);
    channel.truncate((long) entries * entrySize);
    dirty = true;
    onTruncated();
  }

  /** Lets subclasses refresh what they cache about the last entry. */
  protected abstract void onTruncated() throws IOException;
}
