package io.strand.server.routing;

import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.strand.api.v1.AdminServiceGrpc;
import io.strand.api.v1.FetchServiceGrpc;
import io.strand.api.v1.GroupServiceGrpc;
import io.strand.api.v1.ProduceServiceGrpc;
import io.strand.internal.proto.ReplicaServiceGrpc;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.interceptor.ForwardedCalls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * gRPC clients to other nodes: one shared channel per node (re-created when the node's advertised endpoint
 * changes), stubs marked as forwarded by this node (loop prevention) and bounded by the caller's deadline.
 *
 * <p>Thread-safe.
 */
public final class ForwardingClient implements AutoCloseable {

  private final int localNodeId;
  private final int maxMessageBytes;
  private final Map<Integer, NodeChannel> channels = new ConcurrentHashMap<>();

  private record NodeChannel(String host, int port, ManagedChannel channel) {}

  /**
   * @param maxMessageBytes largest response accepted from another node (fetch results can be large)
   */
  public ForwardingClient(int localNodeId, int maxMessageBytes) {
    this.localNodeId = localNodeId;
    this.maxMessageBytes = maxMessageBytes;
  }

  public ProduceServiceGrpc.ProduceServiceStub produce(NodeRegistration node, Deadline deadline) {
    return prepare(ProduceServiceGrpc.newStub(channel(node)), deadline);
  }

  public FetchServiceGrpc.FetchServiceStub fetch(NodeRegistration node, Deadline deadline) {
    return prepare(FetchServiceGrpc.newStub(channel(node)), deadline);
  }

  /** A fetch stub without a deadline, for long-lived Subscribe streams. */
  public FetchServiceGrpc.FetchServiceStub subscribe(NodeRegistration node) {
    return FetchServiceGrpc.newStub(channel(node))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ForwardedCalls.headers(localNodeId)));
  }

  public AdminServiceGrpc.AdminServiceStub admin(NodeRegistration node, Deadline deadline) {
    return prepare(AdminServiceGrpc.newStub(channel(node)), deadline);
  }

  public GroupServiceGrpc.GroupServiceStub groups(NodeRegistration node, Deadline deadline) {
    return prepare(GroupServiceGrpc.newStub(channel(node)), deadline);
  }

  public ReplicaServiceGrpc.ReplicaServiceStub replica(NodeRegistration node, Deadline deadline) {
    return prepare(ReplicaServiceGrpc.newStub(channel(node)), deadline);
  }

  public ReplicaServiceGrpc.ReplicaServiceBlockingStub replicaBlocking(NodeRegistration node, Deadline deadline) {
    return prepare(ReplicaServiceGrpc.newBlockingStub(channel(node)), deadline);
  }

  /** Whether the channel to a node is known to be broken (false if never used). */
  public boolean isUnreachable(int nodeId) {
    NodeChannel nc = channels.get(nodeId);
    if (nc == null) {
      return false;
    }
    ConnectivityState state = nc.channel().getState(false);
    return state == ConnectivityState.TRANSIENT_FAILURE || state == ConnectivityState.SHUTDOWN;
  }

  @Override
  public void close() {
    channels.values().forEach(nc -> nc.channel().shutdown());
    for (NodeChannel nc : channels.values()) {
      try {
        if (!nc.channel().awaitTermination(2, TimeUnit.SECONDS)) {
          nc.channel().shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        nc.channel().shutdownNow();
      }
    }
    channels.clear();
  }

  private <S extends AbstractStub<S>> S prepare(S stub, Deadline deadline) {
    return stub.withDeadline(deadline)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ForwardedCalls.headers(localNodeId)));
  }

  private ManagedChannel channel(NodeRegistration node) {
    NodeChannel nc = channels.compute(node.nodeId(), (id, existing) -> {
      if (existing != null && existing.host().equals(node.host()) && existing.port() == node.grpcPort()) {
        return existing;
      }
      if (existing != null) {
        existing.channel().shutdown();
      }
      ManagedChannel channel = NettyChannelBuilder.forAddress(node.host(), node.grpcPort())
          .usePlaintext()
          .maxInboundMessageSize(maxMessageBytes)
          .build();
      return new NodeChannel(node.host(), node.grpcPort(), channel);
    });
    return nc.channel();
  }
}
