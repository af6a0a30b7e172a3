package io.strand.store.offsets;

import io.strand.internal.proto.OffsetsRecord;
import io.strand.internal.proto.OffsetsSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The whole replicated state of one {@code __consumer_offsets} partition: its {@link GroupStore} and
 * {@link OffsetStore}. The only way to change it is {@link #apply(OffsetsRecord)}; the same records in the same order
 * always produce the same state, and {@link #snapshotRecords()} lists records that rebuild it exactly.
 *
 * <p>Not thread-safe. The state machine guards its instance with a lock; the coordinator works on its own copy.
 */
public final class CoordinatorState {
  /** Version written into {@link OffsetsSnapshot#getFormatVersion()}. */
  public static final int SNAPSHOT_FORMAT_VERSION = 1;

  private final GroupStore groups;
  private final OffsetStore offsets;

  public CoordinatorState() {
    this(new GroupStore(), new OffsetStore());
  }

  private CoordinatorState(GroupStore groups, OffsetStore offsets) {
    this.groups = groups;
    this.offsets = offsets;
  }

  /** Rebuilds a state from a snapshot (or any record list). */
  public static CoordinatorState fromRecords(List<OffsetsRecord> records) {
    CoordinatorState s = new CoordinatorState();
    records.forEach(s::apply);
    return s;
  }

  public static CoordinatorState fromSnapshot(OffsetsSnapshot snapshot) {
    if (snapshot.getFormatVersion() != SNAPSHOT_FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported offsets snapshot format " + snapshot.getFormatVersion()
          + " (this build reads " + SNAPSHOT_FORMAT_VERSION + ")");
    }
    return fromRecords(snapshot.getRecordsList());
  }

  public GroupStore groups() {
    return groups;
  }

  public OffsetStore offsets() {
    return offsets;
  }

  /** An independent deep copy. */
  public CoordinatorState copy() {
    return new CoordinatorState(groups.copy(), offsets.copy());
  }

  /**
   * Applies one record.
   *
   * @throws IllegalArgumentException if the record has no kind
   * @throws IllegalStateException if a group-scoped record names a group that does not exist
   */
  public void apply(OffsetsRecord record) {
    switch (record.getKindCase()) {
      case OFFSET_COMMIT, OFFSETS_REMOVED -> offsets.apply(record);
      case GROUP_DELETED -> {
        groups.apply(record);
        offsets.apply(record);
      }
      default -> groups.apply(record);
    }
  }

  public void applyAll(List<OffsetsRecord> records) {
    records.forEach(this::apply);
  }

  /** The records that rebuild this state, in canonical order: equal states give equal lists. */
  public List<OffsetsRecord> snapshotRecords() {
    TreeSet<String> ids = new TreeSet<>(groups.groups().keySet());
    ids.addAll(offsets.groupIds());
    List<OffsetsRecord> out = new ArrayList<>();
    for (String id : ids) {
      groups.writeSnapshotRecords(id, out);
      offsets.writeSnapshotRecords(id, out);
    }
    return out;
  }

  /** A snapshot of this state taken after the Raft entry at (term, index). */
  public OffsetsSnapshot toSnapshot(long term, long index) {
    return OffsetsSnapshot.newBuilder()
        .setFormatVersion(SNAPSHOT_FORMAT_VERSION)
        .setTerm(term)
        .setIndex(index)
        .addAllRecords(snapshotRecords())
        .build();
  }
}
