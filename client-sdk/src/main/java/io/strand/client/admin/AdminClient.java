package io.strand.client.admin;

import io.strand.client.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Topic and cluster administration. Obtained from {@code StrandClient.admin()} and closed with the client.
 *
 * <p>Every method is asynchronous: the future completes with the result or with a {@link
 * io.strand.client.error.StrandException} subtype (for example {@link
 * io.strand.client.error.TopicExistsException}). Retriable failures (an unreachable node, an election) are
 * retried within {@code default.api.timeout.ms}. Futures complete on client threads: do not block in their
 * callbacks.
 *
 * <p>Thread-safe.
 */
public interface AdminClient {

  /** Creates a topic; completes once the cluster has accepted it (partitions may still be electing). */
  CompletableFuture<TopicDescription> createTopic(NewTopic topic);

  /** Deletes a topic and all its data. */
  CompletableFuture<Void> deleteTopic(String name);

  /** Lists topic names, sorted; internal topics only when asked. */
  CompletableFuture<List<String>> listTopics(boolean includeInternal);

  /** Describes a topic: partitions with leader, replicas and offsets, and config overrides. */
  CompletableFuture<TopicDescription> describeTopic(String name);

  /** Grows a topic to {@code totalPartitions}; existing partitions keep their data. */
  CompletableFuture<TopicDescription> createPartitions(String name, int totalPartitions);

  /**
   * Sets topic config overrides; an empty value removes that override.
   *
   * @return the topic's overrides afterwards
   */
  CompletableFuture<Map<String, String>> alterTopicConfig(String name, Map<String, String> configs);

  /** @return the topic's config overrides */
  CompletableFuture<Map<String, String>> describeTopicConfig(String name);

  /** Looks up earliest, latest or by-timestamp offsets of partitions. */
  CompletableFuture<Map<TopicPartition, ListedOffset>> listOffsets(Map<TopicPartition, OffsetSpec> specs);

  /**
   * Deletes the records before the given offsets (-1: before the high watermark, i.e. all).
   *
   * @return each partition's new log start offset
   */
  CompletableFuture<Map<TopicPartition, Long>> deleteRecords(Map<TopicPartition, Long> beforeOffsets);

  /** Describes the nodes, their addresses and how many partitions each leads. */
  CompletableFuture<ClusterDescription> describeCluster();

  /** @return every consumer group, ascending by id */
  CompletableFuture<List<GroupListing>> listGroups();

  /**
   * @return the group with committed offset, log end offset and lag per partition
   *     (fails with a {@link io.strand.client.error.StrandException} naming GROUP_ID_NOT_FOUND for an unknown group)
   */
  CompletableFuture<GroupDescription> describeGroup(String groupId);

  /**
   * Moves the committed offsets of {@code topic} (all partitions) for an empty group.
   *
   * @return the new committed offsets
   */
  CompletableFuture<Map<TopicPartition, Long>> resetOffsets(String groupId, String topic, OffsetResetTarget target);

  /** Deletes an empty group and its committed offsets. */
  CompletableFuture<Void> deleteGroup(String groupId);
}
