package io.strand.store.offsets.assignor;

import static io.strand.store.offsets.assignor.AssignorTestSupport.assertCompleteAndExclusive;
import static io.strand.store.offsets.assignor.AssignorTestSupport.members;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RangeAssignorTest {
  private final RangeAssignor assignor = new RangeAssignor();

  @Test
  void contiguousRangesWithExtrasToTheFirstMembers() {
    AssignmentSpec spec = new AssignmentSpec(members(Set.of("t"), "a", "b", "c"), new TreeMap<>(Map.of("t", 7)));
    SortedMap<String, Assignment> r = assignor.assign(spec);
    assertThat(r.get("a")).isEqualTo(Assignment.of("t", 0, 1, 2));
    assertThat(r.get("b")).isEqualTo(Assignment.of("t", 3, 4));
    assertThat(r.get("c")).isEqualTo(Assignment.of("t", 5, 6));
    assertCompleteAndExclusive(spec, r);
  }

  @Test
  void coPartitionsTopicsWithTheSameSubscribers() {
    AssignmentSpec spec = new AssignmentSpec(members(Set.of("t", "u"), "a", "b"),
        new TreeMap<>(Map.of("t", 4, "u", 4)));
    SortedMap<String, Assignment> r = assignor.assign(spec);
    assertThat(r.get("a").partitions("t")).isEqualTo(r.get("a").partitions("u")).containsExactly(0, 1);
    assertThat(r.get("b").partitions("t")).containsExactly(2, 3);
  }

  @Test
  void heterogeneousSubscriptionsAndIdleMembers() {
    SortedMap<String, MemberSubscription> m = new TreeMap<>();
    m.put("a", new MemberSubscription(new TreeSet<>(Set.of("t")), Assignment.EMPTY));
    m.put("b", new MemberSubscription(new TreeSet<>(Set.of("t", "u")), Assignment.EMPTY));
    m.put("c", new MemberSubscription(new TreeSet<>(), Assignment.EMPTY));
    AssignmentSpec spec = new AssignmentSpec(m, new TreeMap<>(Map.of("t", 2, "u", 3)));
    SortedMap<String, Assignment> r = assignor.assign(spec);
    assertThat(r.get("b").partitions("u")).containsExactly(0, 1, 2);
    assertThat(r.get("c")).isEqualTo(Assignment.EMPTY);
    assertCompleteAndExclusive(spec, r);
  }

  @Test
  void moreMembersThanPartitionsLeavesSomeIdle() {
    AssignmentSpec spec = new AssignmentSpec(members(Set.of("t"), "a", "b", "c"), new TreeMap<>(Map.of("t", 2)));
    SortedMap<String, Assignment> r = assignor.assign(spec);
    assertThat(r.get("c")).isEqualTo(Assignment.EMPTY);
    assertCompleteAndExclusive(spec, r);
  }
}
