package io.strand.server.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.MetadataCommand;
import io.strand.internal.proto.MetadataQuery;
import io.strand.internal.proto.MetadataQueryReply;
import io.strand.internal.proto.MetadataResult;
import io.strand.server.error.StrandException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Submits commands to, and reads the leader's image from, the metadata Raft group through one Ratis client with
 * a bounded retry policy; every call additionally carries its own timeout.
 *
 * <p>Thread-safe.
 */
public final class MetadataClient implements MetadataStateMachine.LeaderImageSource, AutoCloseable {

  private final RaftClient client;
  private final Duration defaultTimeout;

  /**
   * @param client a Ratis client of the metadata group with a bounded retry policy; closed by {@link #close()}
   * @param defaultTimeout bound of calls that take no explicit timeout
   */
  public MetadataClient(RaftClient client, Duration defaultTimeout) {
    this.client = client;
    this.defaultTimeout = defaultTimeout;
  }

  /**
   * Replicates a command and returns what applying it produced. Fails with a {@link StrandException} of
   * {@code TIMEOUT} after {@code timeout}, or {@code LEADER_NOT_AVAILABLE} when the group cannot commit.
   */
  public CompletableFuture<MetadataResult> submit(MetadataCommand command, Duration timeout) {
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(command.toByteArray()));
    return client.async().send(message)
        .thenApply(MetadataClient::parseResult)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(e -> {
          throw translate(e, "metadata command " + command.getCommandCase());
        });
  }

  @Override
  public CompletableFuture<MetadataQueryReply> fetchLeaderImage() {
    return query(MetadataQuery.newBuilder().setImage(true).build());
  }

  /** The metadata log index the leader has applied (every command it acknowledged is at or below it). */
  public CompletableFuture<Long> leaderAppliedIndex() {
    return query(MetadataQuery.newBuilder().setAppliedIndex(true).build()).thenApply(MetadataQueryReply::getIndex);
  }

  private CompletableFuture<MetadataQueryReply> query(MetadataQuery metadataQuery) {
    Message query = Message.valueOf(UnsafeByteOperations.unsafeWrap(metadataQuery.toByteArray()));
    return client.async().sendReadOnly(query)
        .thenApply(reply -> {
          checkSuccess(reply);
          try {
            return MetadataQueryReply.parseFrom(reply.getMessage().getContent().asReadOnlyByteBuffer());
          } catch (InvalidProtocolBufferException e) {
            throw new CompletionException(e);
          }
        })
        .orTimeout(defaultTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }

  private static MetadataResult parseResult(RaftClientReply reply) {
    checkSuccess(reply);
    try {
      return MetadataResult.parseFrom(reply.getMessage().getContent().asReadOnlyByteBuffer());
    } catch (InvalidProtocolBufferException e) {
      throw new CompletionException(e);
    }
  }

  private static void checkSuccess(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      throw new CompletionException(reply.getException());
    }
  }

  private static StrandException translate(Throwable e, String what) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof StrandException se) {
      return se;
    }
    if (cause instanceof TimeoutException) {
      return new StrandException(ErrorCode.ERROR_CODE_TIMEOUT, what + " did not commit in time; the metadata"
          + " group may have no leader (is a majority of nodes up?)");
    }
    return new StrandException(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, what + " failed: " + cause, cause);
  }
}
