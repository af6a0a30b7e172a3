package io.strand.store.offsets.assignor;

import static io.strand.store.offsets.assignor.AssignorTestSupport.assertCompleteAndExclusive;
import static io.strand.store.offsets.assignor.AssignorTestSupport.members;
import static io.strand.store.offsets.assignor.AssignorTestSupport.withTargets;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class UniformAssignorTest {
  private final UniformAssignor assignor = new UniformAssignor();

  @Test
  void threeMembersOnSixPartitionsGetTwoEach() {
    AssignmentSpec spec = new AssignmentSpec(members(Set.of("t"), "a", "b", "c"), new TreeMap<>(Map.of("t", 6)));
    SortedMap<String, Assignment> r = assignor.assign(spec);
    assertThat(r.values()).allSatisfy(a -> assertThat(a.size()).isEqualTo(2));
    assertCompleteAndExclusive(spec, r);
  }

  @Test
  void aJoiningMemberTakesOnlyItsShare() {
    AssignmentSpec before = new AssignmentSpec(members(Set.of("t"), "a", "b", "c"), new TreeMap<>(Map.of("t", 6)));
    SortedMap<String, Assignment> first = assignor.assign(before);

    AssignmentSpec after = new AssignmentSpec(withTargets(members(Set.of("t"), "a", "b", "c", "d"), first),
        before.topicPartitions());
    SortedMap<String, Assignment> second = assignor.assign(after);

    assertCompleteAndExclusive(after, second);
    int kept = 0;
    for (String id : List.of("a", "b", "c")) {
      assertThat(first.get(id).containsAll(second.get(id))).isTrue();
      kept += second.get(id).size();
    }
    assertThat(kept).isEqualTo(5);
    assertThat(second.get("d").size()).isEqualTo(1);
  }

  @Test
  void aLeavingMembersPartitionsAreSpreadAndTheRestStays() {
    AssignmentSpec four = new AssignmentSpec(members(Set.of("t"), "a", "b", "c", "d"), new TreeMap<>(Map.of("t", 12)));
    SortedMap<String, Assignment> first = assignor.assign(four);
    AssignmentSpec three = new AssignmentSpec(withTargets(members(Set.of("t"), "a", "b", "c"), first),
        four.topicPartitions());
    SortedMap<String, Assignment> second = assignor.assign(three);
    for (String id : List.of("a", "b", "c")) {
      assertThat(second.get(id).containsAll(first.get(id))).isTrue();
      assertThat(second.get(id).size()).isEqualTo(4);
    }
  }

  @Test
  void deterministicAndBalancedForRandomHomogeneousGroups() {
    Random random = new Random(7);
    for (int run = 0; run < 200; run++) {
      int memberCount = 1 + random.nextInt(9);
      Map<String, Integer> topics = new HashMap<>();
      for (int t = 0; t < 1 + random.nextInt(4); t++) {
        topics.put("t" + t, 1 + random.nextInt(12));
      }
      String[] ids = new String[memberCount];
      for (int i = 0; i < memberCount; i++) {
        ids[i] = "m" + random.nextInt(1000) + "-" + i;
      }
      SortedMap<String, Assignment> previous = randomPrevious(random, ids, topics);
      AssignmentSpec spec = new AssignmentSpec(withTargets(members(topics.keySet(), ids), previous),
          new TreeMap<>(topics));
      SortedMap<String, Assignment> r = assignor.assign(spec);

      assertCompleteAndExclusive(spec, r);
      assertThat(assignor.assign(spec)).isEqualTo(r);
      IntSummaryStatistics sizes = r.values().stream().mapToInt(Assignment::size).summaryStatistics();
      assertThat(sizes.getMax() - sizes.getMin()).as("run %d: %s", run, r).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void heterogeneousSubscriptionsBalanceAmongEligibleMembers() {
    SortedMap<String, MemberSubscription> m = new TreeMap<>();
    m.put("a", new MemberSubscription(new TreeSet<>(Set.of("t", "u")), Assignment.EMPTY));
    m.put("b", new MemberSubscription(new TreeSet<>(Set.of("t")), Assignment.EMPTY));
    m.put("c", new MemberSubscription(new TreeSet<>(Set.of("u")), Assignment.EMPTY));
    AssignmentSpec spec = new AssignmentSpec(m, new TreeMap<>(Map.of("t", 4, "u", 4)));
    SortedMap<String, Assignment> r = assignor.assign(spec);
    assertCompleteAndExclusive(spec, r);
    assertThat(r.values()).allSatisfy(a -> assertThat(a.size()).isBetween(2, 3));
  }

  @Test
  void previousTargetsOfUnsubscribedOrVanishedPartitionsAreDropped() {
    SortedMap<String, MemberSubscription> m = new TreeMap<>();
    m.put("a", new MemberSubscription(new TreeSet<>(Set.of("t")),
        Assignment.of(Map.of("t", List.of(0, 1, 7), "gone", List.of(0)))));
    m.put("b", new MemberSubscription(new TreeSet<>(Set.of("t")), Assignment.of("t", 1)));
    AssignmentSpec spec = new AssignmentSpec(m, new TreeMap<>(Map.of("t", 4)));
    SortedMap<String, Assignment> r = assignor.assign(spec);
    assertCompleteAndExclusive(spec, r);
    assertThat(r.get("a")).isEqualTo(Assignment.of("t", 0, 1));
    assertThat(r.get("b")).isEqualTo(Assignment.of("t", 2, 3));
  }

  private static SortedMap<String, Assignment> randomPrevious(Random random, String[] ids,
      Map<String, Integer> topics) {
    SortedMap<String, Assignment.Builder> b = new TreeMap<>();
    for (String id : ids) {
      b.put(id, Assignment.builder());
    }
    topics.forEach((t, n) -> {
      for (int p = 0; p < n + 2; p++) {
        if (random.nextInt(3) > 0) {
          b.get(ids[random.nextInt(ids.length)]).add(t, p);
        }
      }
    });
    SortedMap<String, Assignment> out = new TreeMap<>();
    b.forEach((id, builder) -> out.put(id, builder.build()));
    return out;
  }
}
