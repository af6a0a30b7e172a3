package io.strand.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReplicaPlacementTest {

  @Test
  void sixPartitionsRf3OnThreeNodesGiveEachNodeTwoPreferredLeaderships() {
    List<List<Integer>> placement = ReplicaPlacement.assign(new HashMap<>(), List.of(1, 2, 3), 0, 6, 3);

    assertThat(placement).hasSize(6).allSatisfy(r -> assertThat(r).hasSize(3).doesNotHaveDuplicates());
    assertThat(leaderCounts(placement)).containsExactlyInAnyOrderEntriesOf(Map.of(1, 2, 2, 2, 3, 2));
  }

  @Test
  void replicasAndLeadersSpreadEvenlyOverFiveNodes() {
    List<List<Integer>> placement = ReplicaPlacement.assign(new HashMap<>(), List.of(1, 2, 3, 4, 5), 0, 10, 3);

    assertThat(replicaCounts(placement).values()).containsOnly(6);
    assertThat(leaderCounts(placement).values()).containsOnly(2);
  }

  @Test
  void consecutiveTopicsStayBalancedBecauseExistingLoadCounts() {
    Map<Integer, int[]> load = new HashMap<>();
    List<List<Integer>> first = ReplicaPlacement.assign(load, List.of(1, 2, 3, 4), 0, 1, 2);
    List<List<Integer>> second = ReplicaPlacement.assign(load, List.of(1, 2, 3, 4), 0, 1, 2);

    assertThat(first.get(0).get(0)).isNotEqualTo(second.get(0).get(0));
    assertThat(load.values()).allSatisfy(c -> assertThat(c[0]).isEqualTo(1));
  }

  @Test
  void onlyEligibleNodesReceiveReplicas() {
    List<List<Integer>> placement = ReplicaPlacement.assign(new HashMap<>(), List.of(1, 3), 0, 4, 2);

    assertThat(placement).allSatisfy(r -> assertThat(r).containsExactlyInAnyOrder(1, 3));
  }

  @Test
  void placementIsDeterministic() {
    assertThat(ReplicaPlacement.assign(new HashMap<>(), List.of(3, 1, 2), 5, 7, 2))
        .isEqualTo(ReplicaPlacement.assign(new HashMap<>(), List.of(1, 2, 3), 5, 7, 2));
  }

  @Test
  void replicationFactorAboveEligibleNodesIsRejected() {
    assertThatThrownBy(() -> ReplicaPlacement.assign(new HashMap<>(), List.of(1, 2), 0, 1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replication factor 3");
  }

  private static Map<Integer, Integer> leaderCounts(List<List<Integer>> placement) {
    Map<Integer, Integer> counts = new TreeMap<>();
    placement.forEach(r -> counts.merge(r.get(0), 1, Integer::sum));
    return counts;
  }

  private static Map<Integer, Integer> replicaCounts(List<List<Integer>> placement) {
    Map<Integer, Integer> counts = new TreeMap<>();
    placement.forEach(r -> r.forEach(n -> counts.merge(n, 1, Integer::sum)));
    return counts;
  }
}
