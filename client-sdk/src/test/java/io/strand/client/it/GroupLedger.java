package io.strand.client.it;

import io.strand.client.TopicPartition;
import io.strand.client.consumer.ConsumerRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the members of one group did, as the test observed it: which member owns each partition (from the
 * rebalance callbacks), every consumed record, every acknowledged commit, the committed offsets read back, and
 * every breach of the group's guarantees.
 *
 * <p>Thread-safe: member threads and the test thread record into it concurrently.
 */
final class GroupLedger {

  private final Map<TopicPartition, String> owners = new ConcurrentHashMap<>();
  private final Set<String> consumed = ConcurrentHashMap.newKeySet();
  private final Map<TopicPartition, Long> acknowledged = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> observed = new ConcurrentHashMap<>();
  private final Map<String, Set<TopicPartition>> freshlyAssigned = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> firstOffsetAfterTakeover = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicInteger commits = new AtomicInteger();

  /** A member got partitions: nobody else may own them now. */
  void assigned(String member, Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      String previous = owners.putIfAbsent(tp, member);
      if (previous != null && !previous.equals(member)) {
        violations.add(tp + " assigned to " + member + " while " + previous + " still owns it");
      }
      freshlyAssigned.computeIfAbsent(member, m -> ConcurrentHashMap.newKeySet()).add(tp);
    }
  }

  /** A member released partitions (revocation or fencing). */
  void revoked(String member, Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      owners.remove(tp, member);
      freshlyAssigned.getOrDefault(member, Set.of()).remove(tp);
    }
  }

  /** A member's poll returned a record: it must own the record's partition at that moment. */
  void consumed(String member, ConsumerRecord<String, String> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    String owner = owners.get(tp);
    if (!member.equals(owner)) {
      violations.add(member + " consumed " + tp + "@" + record.offset() + " while " + owner + " owns it");
    }
    if (freshlyAssigned.getOrDefault(member, Set.of()).remove(tp)) {
      firstOffsetAfterTakeover.putIfAbsent(tp, record.offset());
    }
    consumed.add(record.value());
  }

  /** A commitSync of these offsets returned normally. */
  void acknowledged(Map<TopicPartition, Long> offsets) {
    offsets.forEach((tp, offset) -> acknowledged.merge(tp, offset, Math::max));
    commits.incrementAndGet();
  }

  /** Committed offsets read back from the cluster: per partition they must never go down. */
  void observedCommitted(Map<TopicPartition, Long> committed) {
    committed.forEach((tp, offset) -> observed.compute(tp, (k, before) -> {
      if (before != null && offset < before) {
        violations.add("committed offset of " + tp + " went back from " + before + " to " + offset);
        return before;
      }
      return offset;
    }));
  }

  /** From now on, record the first offset each partition is consumed from by a member that just got it. */
  void resetTakeovers() {
    firstOffsetAfterTakeover.clear();
  }

  Map<TopicPartition, Long> firstOffsetsAfterTakeover() {
    return Map.copyOf(firstOffsetAfterTakeover);
  }

  Map<TopicPartition, Long> acknowledgedCommits() {
    return Map.copyOf(acknowledged);
  }

  int commitCount() {
    return commits.get();
  }

  Set<String> consumedValues() {
    return consumed;
  }

  Map<TopicPartition, String> owners() {
    return Map.copyOf(owners);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  /** Records a failure of a member or helper thread, which the test reports as a breach. */
  void failed(String who, Throwable t) {
    violations.add(who + " failed: " + t);
  }
}
