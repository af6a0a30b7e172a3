package io.strand.store.partition;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strand.internal.proto.PartitionCommandResult;
import io.strand.store.error.LeaderNotAvailableException;
import io.strand.store.error.NotLeaderException;
import io.strand.store.error.ReplicationException;
import io.strand.store.error.ReplicationTimeoutException;
import io.strand.store.error.StoreException;
import io.strand.store.error.WriteQueueFullException;
import io.strand.store.raft.RaftGroups;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.protocol.exceptions.StateMachineException;

/**
 * Translates Ratis replies and exceptions into Strand's {@link StoreException}s: the single place where a Ratis
 * failure gets its client-facing error code.
 *
 * <p>Stateless and thread-safe.
 */
final class RaftReplies {
  private RaftReplies() {}

  /** The apply result in a reply, or the translated failure thrown. */
  static PartitionCommandResult result(RaftClientReply reply, Throwable error, TopicPartitionId id) {
    if (error != null) {
      throw translate(error, id);
    }
    if (!reply.isSuccess()) {
      throw translate(reply.getException(), id);
    }
    try {
      return PartitionCommandCodec.decodeResult(reply.getMessage().getContent());
    } catch (InvalidProtocolBufferException e) {
      throw new ReplicationException(id + ": undecodable apply result", e);
    }
  }

  /** Like {@link #translate}, with a timeout reported for {@code operation}. */
  static StoreException asStoreException(Throwable error, TopicPartitionId id, String operation) {
    Throwable cause = unwrap(error);
    if (cause instanceof TimeoutException) {
      return new ReplicationTimeoutException(id + ": " + operation + " timed out; the outcome is unknown");
    }
    return translate(cause, id);
  }

  static StoreException translate(Throwable error, TopicPartitionId id) {
    Throwable cause = unwrap(error);
    if (cause instanceof StoreException store) {
      return store;
    }
    if (cause instanceof org.apache.ratis.protocol.exceptions.NotLeaderException notLeader) {
      RaftPeer suggested = notLeader.getSuggestedLeader();
      OptionalInt leader = suggested == null ? OptionalInt.empty() : RaftGroups.nodeId(suggested.getId());
      return new NotLeaderException(leader);
    }
    if (cause instanceof LeaderNotReadyException || cause instanceof LeaderSteppingDownException
        || cause instanceof ServerNotReadyException) {
      return new LeaderNotAvailableException(id + ": " + cause.getMessage());
    }
    if (cause instanceof ResourceUnavailableException) {
      return new WriteQueueFullException(id + ": Raft leader has too many pending requests: " + cause.getMessage());
    }
    if (cause instanceof StateMachineException && cause.getCause() instanceof StoreException store) {
      return store;
    }
    if (cause instanceof AlreadyClosedException) {
      return new ReplicationException(id + ": replica is closed", cause);
    }
    return new ReplicationException(id + ": replication failed: " + cause, cause);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
