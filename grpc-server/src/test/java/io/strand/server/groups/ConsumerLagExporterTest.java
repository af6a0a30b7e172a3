package io.strand.server.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strand.server.metrics.ServerMetrics;
import io.strand.store.offsets.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the lag gauge shows after each refresh. Committed offsets and log end offsets come from scripted in-memory
 * sources that answer at once, so every refresh completes before {@code refresh()} returns; the gauge is read from
 * a real meter registry.
 */
class ConsumerLagExporterTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** group, then partition, then committed offset: what the coordinated offsets replicas hold right now. */
  private Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
  private final Map<TopicPartition, Long> ends = new HashMap<>();
  private boolean lookupFails;

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  private ConsumerLagExporter exporter(boolean partitionLabels) {
    return new ConsumerLagExporter(() -> committed, partitions -> {
      if (lookupFails) {
        return CompletableFuture.failedFuture(new IllegalStateException("no leader"));
      }
      Map<TopicPartition, Long> out = new HashMap<>();
      partitions.forEach(tp -> out.put(tp, ends.getOrDefault(tp, -1L)));
      return CompletableFuture.completedFuture(out);
    }, registry, partitionLabels);
  }

  private void commit(String group, String topic, int partition, long offset) {
    committed.computeIfAbsent(group, g -> new HashMap<>()).put(new TopicPartition(topic, partition), offset);
  }

  private void end(String topic, int partition, long offset) {
    ends.put(new TopicPartition(topic, partition), offset);
  }

  /** Every row as "group/topic/partition" (partition "-" without the label) to its lag. */
  private Map<String, Long> rows() {
    return registry.find(ServerMetrics.CONSUMER_GROUP_LAG).gauges().stream().collect(Collectors.toMap(
        g -> g.getId().getTag("group") + "/" + g.getId().getTag("topic") + "/"
            + (g.getId().getTag("partition") == null ? "-" : g.getId().getTag("partition")),
        g -> (long) g.value(), (a, b) -> {
          throw new AssertionError("two rows with the same tags");
        }, TreeMap::new));
  }

  @Test
  void eachRefreshReplacesTheRowsWithCurrentLag() {
    ConsumerLagExporter exporter = exporter(true);
    commit("g1", "t", 0, 5);
    commit("g1", "t", 1, 2);
    end("t", 0, 10);
    end("t", 1, 2);
    exporter.refresh();
    assertThat(rows()).containsExactlyEntriesOf(new TreeMap<>(Map.of("g1/t/0", 5L, "g1/t/1", 0L)));

    commit("g1", "t", 0, 10);
    end("t", 0, 12);
    end("t", 1, 7);
    exporter.refresh();
    assertThat(rows()).containsExactlyEntriesOf(new TreeMap<>(Map.of("g1/t/0", 2L, "g1/t/1", 5L)));
  }

  @Test
  void aRowThatStaysIsUpdatedInPlaceSoAScrapeBetweenRefreshesNeverMissesIt() {
    List<String> removed = new ArrayList<>();
    registry.config().onMeterRemoved(m -> removed.add(m.getId().getTag("group")));
    ConsumerLagExporter exporter = exporter(false);
    commit("g1", "t", 0, 8);
    end("t", 0, 20);
    exporter.refresh();
    Gauge first = registry.get(ServerMetrics.CONSUMER_GROUP_LAG).gauge();

    end("t", 0, 25);
    exporter.refresh();
    exporter.refresh();

    assertThat(removed).isEmpty();
    assertThat(registry.get(ServerMetrics.CONSUMER_GROUP_LAG).gauge()).isSameAs(first);
    assertThat(first.value()).isEqualTo(17);
  }

  @Test
  void rowsOfGroupsNoLongerCoordinatedHereDisappear() {
    ConsumerLagExporter exporter = exporter(true);
    commit("g1", "t", 0, 1);
    commit("g2", "t", 0, 3);
    end("t", 0, 4);
    exporter.refresh();
    assertThat(rows()).containsOnlyKeys("g1/t/0", "g2/t/0");

    committed = new HashMap<>(Map.of("g1", committed.get("g1")));
    exporter.refresh();
    assertThat(rows()).containsExactlyEntriesOf(new TreeMap<>(Map.of("g1/t/0", 3L)));

    committed = new HashMap<>();
    exporter.refresh();
    assertThat(rows()).isEmpty();
  }

  @Test
  void withoutPartitionLabelsRowsAreSummedPerGroupAndTopic() {
    ConsumerLagExporter exporter = exporter(false);
    commit("g1", "t", 0, 5);
    commit("g1", "t", 1, 0);
    commit("g1", "t", 2, 20); // past its end offset: counts 0, not -16, in the sum
    commit("g1", "u", 0, 1);
    commit("g2", "t", 0, 9);
    end("t", 0, 10);
    end("t", 1, 4);
    end("t", 2, 4);
    end("u", 0, 1);
    exporter.refresh();
    assertThat(rows()).containsExactlyEntriesOf(new TreeMap<>(Map.of("g1/t/-", 9L, "g1/u/-", 0L, "g2/t/-", 1L)));
    assertThat(registry.find(ServerMetrics.CONSUMER_GROUP_LAG).gauges())
        .allSatisfy(g -> assertThat(g.getId().getTags()).extracting(Tag::getKey)
            .containsExactlyInAnyOrder("group", "topic"));
  }

  @Test
  void lagIsNeverNegativeAndUnknownEndOffsetsAreLeftOut() {
    ConsumerLagExporter exporter = exporter(true);
    commit("g1", "t", 0, 15); // committed past an end offset read from a lagging leader view
    commit("g1", "t", 1, 3); // no end offset known (no leader)
    end("t", 0, 10);
    exporter.refresh();
    assertThat(rows()).containsExactlyEntriesOf(new TreeMap<>(Map.of("g1/t/0", 0L)));
  }

  @Test
  void aFailedEndOffsetLookupKeepsThePreviousRowsAndCloseRemovesThem() {
    ConsumerLagExporter exporter = exporter(true);
    commit("g1", "t", 0, 1);
    end("t", 0, 6);
    exporter.refresh();
    lookupFails = true;
    commit("g1", "t", 0, 6);
    exporter.refresh();
    assertThat(rows()).containsExactlyEntriesOf(new TreeMap<>(Map.of("g1/t/0", 5L)));

    exporter.close();
    assertThat(rows()).isEmpty();
  }
}
