package io.strand.store.offsets.assignor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignmentTest {
  private final Assignment a = Assignment.of(Map.of("t", List.of(0, 1, 2), "u", List.of(5)));
  private final Assignment b = Assignment.of(Map.of("t", List.of(2, 3), "v", List.of()));

  @Test
  void setOperations() {
    assertThat(a.union(b)).isEqualTo(Assignment.of(Map.of("t", List.of(0, 1, 2, 3), "u", List.of(5))));
    assertThat(a.minus(b)).isEqualTo(Assignment.of(Map.of("t", List.of(0, 1), "u", List.of(5))));
    assertThat(a.intersect(b)).isEqualTo(Assignment.of("t", 2));
    assertThat(a.intersects(b)).isTrue();
    assertThat(a.intersects(Assignment.of("u", 4))).isFalse();
    assertThat(a.containsAll(Assignment.of("t", 0, 2))).isTrue();
    assertThat(a.containsAll(b)).isFalse();
  }

  @Test
  void emptyTopicsAreDroppedSoEqualityIsBySetContent() {
    assertThat(b.topics()).containsExactly("t");
    assertThat(Assignment.of("x").isEmpty()).isTrue();
    assertThat(Assignment.of("x")).isEqualTo(Assignment.EMPTY);
    assertThat(a.minus(a)).isEqualTo(Assignment.EMPTY).hasSameHashCodeAs(Assignment.EMPTY);
    assertThat(a.size()).isEqualTo(4);
  }

  @Test
  void builderRemovesAndIteratesInOrder() {
    Assignment.Builder builder = Assignment.builder().add("z", 1).add("a", 3).add("a", 0).add("a", 3);
    builder.remove("z", 1);
    StringBuilder visited = new StringBuilder();
    builder.build().forEach((t, p) -> visited.append(t).append(p).append(' '));
    assertThat(visited).hasToString("a0 a3 ");
    assertThat(builder.size()).isEqualTo(2);
  }
}
