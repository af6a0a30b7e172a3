package io.strand.store.partition;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.rpc.CallId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Ratis for a snapshot once enough batch bytes were applied since the last one. Ratis' own trigger counts
 * entries only; with entries of up to {@link io.strand.store.raft.RatisTuning#maxEntryBytes()} an entry count alone
 * would let a Raft log (and the restart time, which re-reads every retained segment) grow to gigabytes.
 *
 * <p>Thread-safe: {@link #recordApplied} and {@link #snapshotTaken} run on the apply thread, the request on the
 * callback executor.
 */
final class SnapshotTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotTrigger.class);

  private final PartitionStateMachine stateMachine;
  private final PartitionServices services;
  private final AtomicLong bytesSinceSnapshot = new AtomicLong();
  private final AtomicBoolean requested = new AtomicBoolean();

  SnapshotTrigger(PartitionStateMachine stateMachine, PartitionServices services) {
    this.stateMachine = stateMachine;
    this.services = services;
  }

  void recordApplied(long bytes) {
    long threshold = services.tuning().snapshotThresholdBytes();
    if (threshold == 0 || bytes == 0) {
      return;
    }
    if (bytesSinceSnapshot.addAndGet(bytes) >= threshold && requested.compareAndSet(false, true)) {
      services.callbackExecutor().execute(this::request);
    }
  }

  void snapshotTaken() {
    bytesSinceSnapshot.set(0);
    requested.set(false);
  }

  private void request() {
    RaftServer server = stateMachine.getServer().join();
    long timeoutMs = services.tuning().requestTimeout().toMillis();
    SnapshotManagementRequest request = SnapshotManagementRequest.newCreate(ClientId.randomId(), server.getId(),
        stateMachine.getGroupId(), CallId.getAndIncrement(), timeoutMs, 1);
    server.snapshotManagementAsync(request)
        .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
        .whenComplete((reply, error) -> {
          // Allow a new request later even if Ratis declined this one (for example during a catch-up).
          requested.set(false);
          if (error != null || !reply.isSuccess()) {
            LOG.debug("{}: snapshot request did not complete: {}", stateMachine, error != null ? error : reply);
          }
        });
  }
}
