package io.strand.chaos.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPartitionTest {
  private static final List<Integer> THREE = List.of(1, 2, 3);
  private static final List<Integer> FIVE = List.of(1, 2, 3, 4, 5);

  @Test
  void majorityMinorityCutsBothDirectionsBetweenTheSides() {
    NetworkPartition p = NetworkPartition.parse("1,2|3", THREE);

    assertThat(p.cut()).containsExactlyInAnyOrder(new Link(1, 3), new Link(3, 1), new Link(2, 3), new Link(3, 2));
    assertThat(p.description()).isEqualTo("1,2|3");
  }

  @Test
  void bridgeNodeKeepsEveryLink() {
    NetworkPartition p = NetworkPartition.parse("1,2,3|3,4,5", FIVE);

    assertThat(p.cut()).hasSize(8).noneMatch(l -> l.from() == 3 || l.to() == 3)
        .contains(new Link(1, 4), new Link(5, 2));
  }

  @Test
  void isolateCutsANodeFromEveryone() {
    assertThat(NetworkPartition.isolate(2, THREE).cut())
        .containsExactlyInAnyOrder(new Link(2, 1), new Link(1, 2), new Link(2, 3), new Link(3, 2));
  }

  @Test
  void nodesInNoGroupAreIsolated() {
    assertThat(NetworkPartition.parse("1,2", THREE).cut()).hasSize(4).allMatch(l -> l.from() == 3 || l.to() == 3);
  }

  @Test
  void unknownNodesAndSelfLinksAreRejected() {
    assertThatThrownBy(() -> NetworkPartition.parse("1|4", THREE)).hasMessageContaining("node 4");
    assertThatThrownBy(() -> Link.parse("2>2")).hasMessageContaining("two different nodes");
    assertThatThrownBy(() -> Link.parse("2-3")).hasMessageContaining("FROM>TO");
    assertThat(Link.parse(" 1>3 ")).isEqualTo(new Link(1, 3));
  }
}
