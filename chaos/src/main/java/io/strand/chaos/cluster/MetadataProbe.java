package io.strand.chaos.cluster;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.strand.api.v1.MetadataRequest;
import io.strand.api.v1.MetadataResponse;
import io.strand.api.v1.MetadataServiceGrpc;
import io.strand.api.v1.PartitionMetadata;
import io.strand.api.v1.TopicMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Asks the cluster, over the public Metadata RPC, which node leads each partition of a topic. Nodes are asked in
 * turn (a killed or paused node costs one deadline) until one knows a leader.
 *
 * <p>Thread-safe: gRPC channels and stubs are.
 */
public final class MetadataProbe implements AutoCloseable {
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final Duration deadline;

  /** @param grpcAddresses {@code host:port} of every node */
  public MetadataProbe(List<String> grpcAddresses, Duration deadline) {
    this.deadline = deadline;
    for (String address : grpcAddresses) {
      channels.add(ManagedChannelBuilder.forTarget(address).usePlaintext().build());
    }
  }

  /** The partition as the first node that knows its leader describes it; empty if no node answered. */
  public Optional<PartitionView> partition(String topic, int partition) {
    PartitionView leaderless = null;
    for (ManagedChannel channel : channels) {
      Optional<PartitionView> view = ask(channel, topic, partition);
      if (view.isPresent() && view.get().leader().isPresent()) {
        return view;
      }
      if (view.isPresent()) {
        leaderless = view.get();
      }
    }
    return Optional.ofNullable(leaderless);
  }

  private Optional<PartitionView> ask(ManagedChannel channel, String topic, int partition) {
    try {
      MetadataResponse response = MetadataServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .getMetadata(MetadataRequest.newBuilder().addTopics(topic).build());
      for (TopicMetadata t : response.getTopicsList()) {
        if (!t.getName().equals(topic)) {
          continue;
        }
        for (PartitionMetadata p : t.getPartitionsList()) {
          if (p.getPartition() == partition) {
            OptionalInt leader = p.getLeaderId() >= 0 ? OptionalInt.of(p.getLeaderId()) : OptionalInt.empty();
            return Optional.of(new PartitionView(partition, leader, p.getReplicasList()));
          }
        }
      }
      return Optional.empty();
    } catch (StatusRuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
  }
}
