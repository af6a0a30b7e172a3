package io.strand.store.offsets;

import io.strand.internal.proto.OffsetsRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A handler's working copy of one group: every record the handler emits is applied to a private copy right away,
 * so later steps of the same request see its effect (a new member, a bumped epoch, a new target) without touching
 * the real state. Not thread-safe; lives for one request.
 */
final class GroupTransaction {
  private final ConsumerGroup group;
  private final List<OffsetsRecord> records = new ArrayList<>();

  private GroupTransaction(ConsumerGroup group) {
    this.group = group;
  }

  /** Works on a copy of an existing group. */
  static GroupTransaction of(ConsumerGroup existing) {
    return new GroupTransaction(existing.copy());
  }

  /** Creates a group: epoch 0, the given assignor, empty since {@code nowMs}. */
  static GroupTransaction create(String groupId, String assignor, long nowMs) {
    GroupTransaction tx = new GroupTransaction(new ConsumerGroup(groupId));
    tx.append(Records.groupMetadata(groupId, 0, assignor, nowMs, Collections.emptySortedMap()));
    return tx;
  }

  /** The group as it is after the records appended so far. */
  ConsumerGroup group() {
    return group;
  }

  String groupId() {
    return group.groupId();
  }

  void append(OffsetsRecord record) {
    group.apply(record);
    records.add(record);
  }

  List<OffsetsRecord> records() {
    return records;
  }
}
