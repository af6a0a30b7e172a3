package io.strand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.cli.perf.ProducerStats;
import io.strand.client.admin.ClusterDescription;
import io.strand.client.admin.ClusterNode;
import io.strand.client.admin.PartitionInfo;
import io.strand.client.admin.TopicDescription;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The output shapes scripts (and smoke.sh) depend on. */
class OutputFormatTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void clusterDescribeHasOneHeaderLineThenOneLinePerNodeStartingWithItsId() {
    ClusterCommand.Describe.print(new ClusterDescription("c1", 2, List.of(
        new ClusterNode(1, "10.0.0.1", 7070, "10.0.0.1:7071", true, 3, 9),
        new ClusterNode(2, "10.0.0.2", 7070, "10.0.0.2:7071", true, 4, 9),
        new ClusterNode(13, "10.0.0.3", 7070, "", false, 0, 9))), out);

    List<String> lines = output().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).doesNotContainPattern("^ *[0-9]");
    Pattern node = Pattern.compile("^ *[0-9]+");
    assertThat(lines.subList(1, 4)).allMatch(l -> node.matcher(l).find());
    assertThat(lines.get(2)).startsWith("2 ").contains("10.0.0.2:7070").contains("metadata-leader");
    assertThat(lines.get(3)).startsWith("13 ").contains(" no ");
  }

  @Test
  void topicDescribeFollowsKafkasLayout() {
    TopicsCommand.Describe.print(new TopicDescription("orders", "id-1", false, 3, List.of(
        new PartitionInfo(0, OptionalInt.of(2), 5, List.of(2, 3, 1), 0, 42, 1000),
        new PartitionInfo(1, OptionalInt.empty(), 0, List.of(3, 1, 2), -1, -1, -1)),
        Map.of("retention.ms", "1000")), out);

    assertThat(output().lines()).containsExactly(
        "Topic: orders\tTopicId: id-1\tPartitionCount: 2\tReplicationFactor: 3\tConfigs: retention.ms=1000",
        "\tTopic: orders\tPartition: 0\tLeader: 2\tReplicas: 2,3,1\tLogStartOffset: 0\tHighWatermark: 42",
        "\tTopic: orders\tPartition: 1\tLeader: none\tReplicas: 3,1,2\tLogStartOffset: unknown\t"
            + "HighWatermark: unknown");
  }

  @Test
  void producerPerfLinesMatchKafkasProducerPerfTest() {
    ProducerStats stats = new ProducerStats(4, 1000, 0, out);
    stats.record(0, 10, 1024, 100);
    stats.record(1, 20, 1024, 200);
    stats.record(2, 30, 1024, 1200);
    stats.record(3, 40, 1024, 1500);
    stats.printTotal(2000);

    List<String> lines = output().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches("3 records sent, [0-9.]+ records/sec \\([0-9.]+ MB/sec\\), 20\\.0 ms avg "
        + "latency, 30\\.0 ms max latency\\.");
    assertThat(lines.get(1)).isEqualTo("4 records sent, 2.000000 records/sec (0.00 MB/sec), 25.00 ms avg latency, "
        + "40.00 ms max latency, 30 ms 50th, 40 ms 95th, 40 ms 99th, 40 ms 99.9th.");
  }

  @Test
  void failuresAreFlattenedToOneLine() {
    assertThat(Failures.oneLine(new IllegalStateException("a\nb\r\n  c"))).isEqualTo("a b c");
    assertThat(Failures.oneLine(new java.util.concurrent.CompletionException(
        new io.strand.client.error.TimeoutException("slow")))).isEqualTo("slow");
    assertThat(Failures.oneLine(new java.io.IOException("disk"))).isEqualTo("IOException: disk");
  }
}
