package io.strand.store.offsets;

import io.strand.store.offsets.assignor.Assignment;
import io.strand.store.offsets.assignor.AssignmentSpec;
import io.strand.store.offsets.assignor.Assignors;
import io.strand.store.offsets.assignor.MemberSubscription;
import io.strand.store.offsets.assignor.PartitionAssignor;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Recomputes a group's target assignment when its group epoch moved past the target epoch: runs the group's
 * assignor over the members' subscriptions (resolved against the subscribed topics recorded at the epoch bump) and
 * emits a record for each member whose target changed, then the new target epoch. Stateless.
 */
final class TargetAssignmentBuilder {
  private TargetAssignmentBuilder() {}

  static void maybeUpdate(GroupTransaction tx, OffsetsConfig config) {
    ConsumerGroup g = tx.group();
    if (g.groupEpoch() == g.targetAssignmentEpoch()) {
      return;
    }
    SubscriptionResolver resolver = new SubscriptionResolver();
    SortedMap<String, MemberSubscription> members = new TreeMap<>();
    g.members().forEach((id, m) -> members.put(id,
        new MemberSubscription(resolver.resolve(m, g.subscribedTopics().keySet()), g.targetAssignment(id))));
    PartitionAssignor assignor = Assignors.byName(g.assignor())
        .orElseGet(() -> Assignors.byName(config.defaultAssignor()).orElseThrow());
    SortedMap<String, Assignment> target = assignor.assign(new AssignmentSpec(members, g.subscribedTopics()));
    target.forEach((memberId, partitions) -> {
      if (!partitions.equals(g.targetAssignment(memberId))) {
        tx.append(Records.targetAssignment(g.groupId(), memberId, partitions));
      }
    });
    tx.append(Records.targetAssignmentEpoch(g.groupId(), g.groupEpoch()));
  }
}
