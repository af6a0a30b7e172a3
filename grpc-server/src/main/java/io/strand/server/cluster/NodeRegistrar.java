package io.strand.server.cluster;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.MetadataCommand;
import io.strand.internal.proto.RegisterNode;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this node (id, Raft address, advertised gRPC endpoint) in the metadata group at every start, retrying
 * until a majority of the metadata group is up and the command commits. Once this node has applied its own
 * registration, its metadata is known to be current up to at least this start.
 *
 * <p>Thread-safe.
 */
public final class NodeRegistrar {

  private static final Logger LOG = LoggerFactory.getLogger(NodeRegistrar.class);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  private static final long RETRY_DELAY_MS = 500;

  private final NodeRegistration self;
  private final MetadataClient client;
  private final ClusterMetadata metadata;
  private final ScheduledExecutorService executor;
  private final Runnable onRegistered;
  private volatile boolean registered;
  private volatile boolean closed;

  public NodeRegistrar(NodeRegistration self, MetadataClient client, ClusterMetadata metadata,
                       ScheduledExecutorService executor, Runnable onRegistered) {
    this.self = self;
    this.client = client;
    this.metadata = metadata;
    this.executor = executor;
    this.onRegistered = onRegistered;
  }

  /** Whether this node's registration has committed and been applied locally. */
  public boolean isRegistered() {
    return registered;
  }

  public void start() {
    executor.execute(this::attempt);
  }

  public void close() {
    closed = true;
  }

  private void attempt() {
    if (closed) {
      return;
    }
    MetadataCommand command = MetadataCommand.newBuilder().setRegisterNode(RegisterNode.newBuilder()
        .setNode(ClusterImageCodec.toProto(self))
        .setProposedClusterId(UUID.randomUUID().toString())).build();
    client.submit(command, ATTEMPT_TIMEOUT)
        .thenCompose(result -> {
          if (result.getError() != ErrorCode.ERROR_CODE_NONE) {
            throw new IllegalStateException(result.getMessage());
          }
          return metadata.awaitApplied(result.getAppliedIndex());
        })
        .orTimeout(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((image, failure) -> {
          if (failure == null) {
            LOG.info("node {} registered as {}:{} (metadata index {})", self.nodeId(), self.host(), self.grpcPort(),
                image.appliedIndex());
            registered = true;
            onRegistered.run();
          } else if (!closed) {
            LOG.info("node {} not registered yet ({}); retrying", self.nodeId(), failure.getMessage());
            executor.schedule(this::attempt, RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
          }
        });
  }
}
