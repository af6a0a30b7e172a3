package io.strand.store.raft;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Strand state machine does when Ratis reports that its Raft log failed to write
 * ({@code StateMachine.EventApi#notifyLogFailed}): Ratis' log worker then refuses every later write of the group
 * ("Log already failed") but leaves the division running, so the group would neither accept writes here nor step
 * aside. Closing the division turns this into a stopped group, which {@link GroupRestarter} restarts from its
 * storage once it can (for example when a full disk has space again).
 *
 * <p>Stateless and thread-safe.
 */
public final class LogFailures {
  private static final Logger LOG = LoggerFactory.getLogger(LogFailures.class);

  private LogFailures() {}

  /**
   * Closes the state machine's division asynchronously (never on the calling Ratis log worker thread, which the
   * close waits for).
   */
  public static void closeDivision(BaseStateMachine stateMachine, Throwable cause, LogEntryProto failedEntry) {
    RaftServer server = stateMachine.getServer().getNow(null);
    if (server == null) {
      return;
    }
    String entry = failedEntry == null ? "a log segment" : String.valueOf(TermIndex.valueOf(failedEntry));
    LOG.error("{}: Raft log write failed at {}; closing the group so that it restarts from its storage",
        stateMachine.getGroupId(), entry, cause);
    CompletableFuture.runAsync(() -> {
      try {
        server.getDivision(stateMachine.getGroupId()).close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("{}: could not close the group after a Raft log failure", stateMachine.getGroupId(), e);
      }
    });
  }
}
