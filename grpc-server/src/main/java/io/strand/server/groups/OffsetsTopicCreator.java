package io.strand.server.groups;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.CreateTopic;
import io.strand.internal.proto.MetadataCommand;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.MetadataClient;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code __consumer_offsets} once per cluster: the node leading the metadata group proposes it as soon as
 * enough nodes have registered for its replication factor, min(3, configured peers). Every node runs one; the
 * proposal is idempotent (a second one fails with TOPIC_ALREADY_EXISTS and is ignored).
 *
 * <p>Thread-safe: checks run on the given scheduler and at most one proposal is in flight.
 */
public final class OffsetsTopicCreator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetsTopicCreator.class);
  private static final long CHECK_INTERVAL_MS = 250;
  private static final Duration PROPOSAL_TIMEOUT = Duration.ofSeconds(10);

  private final Supplier<ClusterImage> metadata;
  private final MetadataClient client;
  private final BooleanSupplier isMetadataLeader;
  private final int partitions;
  private final int replicationFactor;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private volatile ScheduledFuture<?> task;

  /**
   * @param clusterSize the number of configured peers (the replication factor is min(3, clusterSize))
   */
  public OffsetsTopicCreator(Supplier<ClusterImage> metadata, MetadataClient client, BooleanSupplier isMetadataLeader,
                             int partitions, int clusterSize) {
    this.metadata = metadata;
    this.client = client;
    this.isMetadataLeader = isMetadataLeader;
    this.partitions = partitions;
    this.replicationFactor = Math.min(3, clusterSize);
  }

  /** Starts checking periodically until the topic exists. */
  public void start(ScheduledExecutorService scheduler) {
    task = scheduler.scheduleWithFixedDelay(this::check, 0, CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    ScheduledFuture<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
  }

  private void check() {
    ClusterImage image = metadata.get();
    if (image.topic(OffsetsTopic.NAME).isPresent()) {
      close();
      return;
    }
    if (image.nodes().size() < replicationFactor || !isMetadataLeader.getAsBoolean()
        || !inFlight.compareAndSet(false, true)) {
      return;
    }
    CreateTopic create = CreateTopic.newBuilder().setName(OffsetsTopic.NAME).setPartitions(partitions)
        .setReplicationFactor(replicationFactor).setTopicId(OffsetsTopic.TOPIC_ID).setInternal(true).build();
    client.submit(MetadataCommand.newBuilder().setCreateTopic(create).setMaxPartitionsPerTopic(partitions).build(),
            PROPOSAL_TIMEOUT)
        .whenComplete((result, failure) -> {
          inFlight.set(false);
          if (failure != null) {
            LOG.info("creating {} failed ({}); retrying", OffsetsTopic.NAME, failure.getMessage());
          } else if (result.getError() == ErrorCode.ERROR_CODE_NONE) {
            LOG.info("created {} with {} partitions, replication factor {}", OffsetsTopic.NAME, partitions,
                replicationFactor);
          } else if (result.getError() != ErrorCode.ERROR_CODE_TOPIC_ALREADY_EXISTS) {
            LOG.warn("creating {} failed: {} {}; retrying", OffsetsTopic.NAME, result.getError(),
                result.getMessage());
          }
        });
  }
}
