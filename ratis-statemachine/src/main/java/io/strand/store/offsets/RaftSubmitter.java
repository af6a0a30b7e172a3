package io.strand.store.offsets;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.OffsetsLogEntry;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Submits entries and reads to the local replica of an offsets partition's Raft group, in process (no RPC, no
 * forwarding: a non-leader fails fast, which is what a coordinator wants). Thread-safe.
 */
final class RaftSubmitter {
  private final RaftServer server;
  private final RaftGroupId groupId;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final boolean readIndexReads;

  RaftSubmitter(RaftServer server, RaftGroupId groupId) {
    this.server = server;
    this.groupId = groupId;
    this.readIndexReads = RaftServerConfigKeys.Read.option(server.getProperties())
        == RaftServerConfigKeys.Read.Option.LINEARIZABLE;
  }

  /** Appends {@code entry}; completes after it applied locally with whether its records were applied. */
  CompletableFuture<Boolean> propose(OffsetsLogEntry entry) {
    Message m = Message.valueOf(UnsafeByteOperations.unsafeWrap(entry.toByteArray()));
    return send(m, RaftClientRequest.writeRequestType())
        .thenApply(reply -> reply.getMessage().getContent().byteAt(0) == 1);
  }

  /**
   * Completes once the local state includes every write committed before the call: via the read index when the
   * server is configured for linearizable reads, else via an empty entry committed in the current term.
   */
  CompletableFuture<Void> linearizableRead() {
    if (readIndexReads) {
      return send(Message.EMPTY, RaftClientRequest.readRequestType()).thenApply(r -> null);
    }
    return propose(OffsetsLogEntry.newBuilder().setCoordinatorTerm(-1).build()).thenApply(applied -> null);
  }

  boolean isLeader() {
    try {
      return server.getDivision(groupId).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  long currentTerm() {
    try {
      return server.getDivision(groupId).getInfo().getCurrentTerm();
    } catch (IOException e) {
      return TermIndex.INITIAL_VALUE.getTerm();
    }
  }

  private CompletableFuture<RaftClientReply> send(Message message, RaftClientRequest.Type type) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(server.getId())
        .setGroupId(groupId)
        .setCallId(callIds.incrementAndGet())
        .setMessage(message)
        .setType(type)
        .build();
    try {
      return server.submitClientRequestAsync(request).thenApply(reply -> {
        if (!reply.isSuccess()) {
          throw new CompletionException(unavailable(reply.getException()));
        }
        return reply;
      });
    } catch (IOException e) {
      return CompletableFuture.failedFuture(unavailable(e));
    }
  }

  private CoordinatorUnavailableException unavailable(Throwable cause) {
    ErrorCode code = cause instanceof NotLeaderException
        ? ErrorCode.ERROR_CODE_NOT_COORDINATOR : ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE;
    return new CoordinatorUnavailableException(code, "offsets group " + groupId + ": " + cause, cause);
  }
}
