package io.strand.store.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of one log ordered by base offset. The last one is the active segment, the only one appended to.
 * A lookup by offset takes the segment with the greatest base offset at or below it.
 *
 * <p>Thread-safe for concurrent lookups during additions and removals (a {@link ConcurrentSkipListMap}); the
 * single log writer is the only one that adds or removes.
 */
public final class Segments {
  private final ConcurrentSkipListMap<Long, LogSegment> byBaseOffset = new ConcurrentSkipListMap<>();

  public void add(LogSegment segment) {
    LogSegment previous = byBaseOffset.putIfAbsent(segment.baseOffset(), segment);
    if (previous != null) {
      throw new IllegalStateException("a segment with base offset " + segment.baseOffset() + " already exists");
    }
  }

  public void remove(LogSegment segment) {
    byBaseOffset.remove(segment.baseOffset(), segment);
  }

  public boolean isEmpty() {
    return byBaseOffset.isEmpty();
  }

  public int count() {
    return byBaseOffset.size();
  }

  /** The segment appended to; the log always has one. */
  public LogSegment active() {
    Map.Entry<Long, LogSegment> last = byBaseOffset.lastEntry();
    if (last == null) {
      throw new NoSuchElementException("the log has no segment");
    }
    return last.getValue();
  }

  public LogSegment first() {
    Map.Entry<Long, LogSegment> first = byBaseOffset.firstEntry();
    if (first == null) {
      throw new NoSuchElementException("the log has no segment");
    }
    return first.getValue();
  }

  /** The segment whose base offset is the greatest at or below {@code offset}, and every later one, ascending. */
  public Collection<LogSegment> from(long offset) {
    Long floor = byBaseOffset.floorKey(offset);
    return (floor == null ? byBaseOffset : byBaseOffset.tailMap(floor, true)).values();
  }

  /** Segments with a base offset strictly greater than {@code offset}, ascending. */
  public Collection<LogSegment> after(long offset) {
    return byBaseOffset.tailMap(offset, false).values();
  }

  /** Every segment, ascending by base offset. */
  public Collection<LogSegment> all() {
    return byBaseOffset.values();
  }

  /** Every segment but the active one, ascending: the candidates for retention. */
  public List<LogSegment> inactive() {
    List<LogSegment> inactive = new ArrayList<>(byBaseOffset.values());
    if (!inactive.isEmpty()) {
      inactive.remove(inactive.size() - 1);
    }
    return inactive;
  }

  /** Sum of the segments' log file sizes, indexes excluded. */
  public long sizeInBytes() {
    long total = 0;
    for (LogSegment segment : byBaseOffset.values()) {
      total += segment.size();
    }
    return total;
  }

  public List<Long> baseOffsets() {
    return List.copyOf(byBaseOffset.keySet());
  }
}
