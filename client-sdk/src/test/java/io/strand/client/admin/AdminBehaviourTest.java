package io.strand.client.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.error.TopicExistsException;
import io.strand.client.error.UnknownTopicException;
import io.strand.client.testing.FakeCluster;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Admin client behaviour on the wire, against an in-memory fake cluster of three nodes. */
@Timeout(30)
class AdminBehaviourTest {
  private FakeCluster cluster;
  private StrandClient client;

  @BeforeEach
  void start() throws Exception {
    cluster = new FakeCluster(3);
    client = StrandClient.create(Map.of("bootstrap.servers", cluster.bootstrap()));
  }

  @AfterEach
  void stop() {
    client.close(Duration.ofSeconds(5));
    cluster.close();
  }

  @Test
  void createListAndDescribeTopics() {
    AdminClient admin = client.admin();
    TopicDescription created = admin.createTopic(new NewTopic("orders", 3, 1)).join();
    assertThat(created.partitions()).hasSize(3);

    assertThat(admin.listTopics(false).join()).containsExactly("orders");
    TopicDescription described = admin.describeTopic("orders").join();
    assertThat(described.partitions()).extracting(PartitionInfo::partition).containsExactly(0, 1, 2);
    assertThat(described.partitions().get(1).leader()).isEqualTo(OptionalInt.of(2));
    assertThat(described.partitions().get(0).highWatermark()).isZero();
  }

  @Test
  void creatingAnExistingTopicFailsWithTopicExists() {
    client.admin().createTopic(new NewTopic("dup", 1, 1)).join();

    assertThatThrownBy(() -> client.admin().createTopic(new NewTopic("dup", 1, 1)).join())
        .hasCauseInstanceOf(TopicExistsException.class).hasMessageContaining("dup");
  }

  @Test
  void describingAMissingTopicFailsWithUnknownTopic() {
    assertThatThrownBy(() -> client.admin().describeTopic("nope").join())
        .hasCauseInstanceOf(UnknownTopicException.class);
  }

  @Test
  void describeClusterListsNodesByIdWithLeaderCounts() {
    cluster.createTopic("t", 4);

    ClusterDescription description = client.admin().describeCluster().join();

    assertThat(description.nodes()).extracting(ClusterNode::id).containsExactly(1, 2, 3);
    assertThat(description.nodes()).extracting(ClusterNode::leaderCount).containsExactly(2, 1, 1);
    assertThat(description.nodes().get(0).port()).isPositive();
  }

  @Test
  void listOffsetsGoesToEachLeader() {
    cluster.createTopic("t", 3);
    TopicPartition t2 = new TopicPartition("t", 2);

    Map<TopicPartition, ListedOffset> offsets = client.admin().listOffsets(Map.of(
        new TopicPartition("t", 0), OffsetSpec.earliest(), t2, OffsetSpec.latest())).join();

    assertThat(offsets.get(t2).offset()).isZero();
    assertThat(offsets).hasSize(2);
  }

  @Test
  void unreachableBootstrapAddressesAreSkipped() {
    try (StrandClient other = StrandClient.create(Map.of("bootstrap.servers",
        "127.0.0.1:1," + cluster.address(2), "retry.backoff.ms", "10"))) {
      assertThat(other.admin().describeCluster().join().nodes()).hasSize(3);
    }
  }
}
