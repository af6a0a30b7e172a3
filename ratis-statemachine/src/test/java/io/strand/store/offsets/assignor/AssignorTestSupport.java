package io.strand.store.offsets.assignor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builders and invariant checks shared by the assignor tests. */
final class AssignorTestSupport {
  private AssignorTestSupport() {}

  static SortedMap<String, MemberSubscription> members(Set<String> topics, String... ids) {
    SortedMap<String, MemberSubscription> out = new TreeMap<>();
    for (String id : ids) {
      out.put(id, new MemberSubscription(new TreeSet<>(topics), Assignment.EMPTY));
    }
    return out;
  }

  static SortedMap<String, MemberSubscription> withTargets(SortedMap<String, MemberSubscription> members,
      Map<String, Assignment> targets) {
    SortedMap<String, MemberSubscription> out = new TreeMap<>();
    members.forEach((id, s) -> out.put(id, new MemberSubscription(s.topics(),
        targets.getOrDefault(id, Assignment.EMPTY))));
    return out;
  }

  /** Every partition of every subscribed topic goes to exactly one member subscribed to its topic. */
  static void assertCompleteAndExclusive(AssignmentSpec spec, Map<String, Assignment> result) {
    assertThat(result.keySet()).isEqualTo(spec.members().keySet());
    Map<String, String> owner = new HashMap<>();
    result.forEach((id, a) -> a.forEach((t, p) -> {
      assertThat(spec.members().get(id).topics()).as("%s subscribes to %s", id, t).contains(t);
      assertThat(p).isLessThan(spec.partitionCount(t));
      assertThat(owner.put(t + "-" + p, id)).as("%s-%d assigned twice", t, p).isNull();
    }));
    Set<String> subscribed = new TreeSet<>();
    spec.members().values().forEach(s -> subscribed.addAll(s.topics()));
    int expected = subscribed.stream().mapToInt(spec::partitionCount).sum();
    assertThat(owner).hasSize(expected);
  }
}
