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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits commands to, and reads the leader's image from, the metadata Raft group through one Ratis client with
 * a bounded retry policy; every call additionally carries its own timeout.
 *
 * <p>A Ratis client whose ordered request window failed (its retry policy gave up on a request while the group had
 * no leader) stays closed for good and fails every later call with {@code AlreadyClosedException}; the chaos
 * harness saw a node unable to register for eight minutes because of it. Such a client is replaced by a new one
 * from the factory.
 *
 * <p>Thread-safe.
 */
public final class MetadataClient implements MetadataStateMachine.LeaderImageSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataClient.class);

  private final Supplier<RaftClient> clients;
  private final AtomicReference<RaftClient> client;
  private final Duration defaultTimeout;
  private volatile boolean closed;

  /**
   * @param clients makes Ratis clients of the metadata group with a bounded retry policy; they are closed by this
   *     class
   * @param defaultTimeout bound of calls that take no explicit timeout
   */
  public MetadataClient(Supplier<RaftClient> clients, Duration defaultTimeout) {
    this.clients = clients;
    this.client = new AtomicReference<>(clients.get());
    this.defaultTimeout = defaultTimeout;
  }

  /** Replaces {@code failed} by a new client if it is still the current one and the failure says it is closed. */
  private void replaceIfClosed(RaftClient failed, Throwable failure) {
    if (closed || !isClientClosed(failure)) {
      return;
    }
    RaftClient fresh = clients.get();
    if (client.compareAndSet(failed, fresh)) {
      LOG.info("metadata Raft client {} is closed ({}); replaced by {}", failed.getId(), failure, fresh.getId());
      closeQuietly(failed);
    } else {
      closeQuietly(fresh);
    }
  }

  private static boolean isClientClosed(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AlreadyClosedException) {
        return true;
      }
    }
    return false;
  }

  private static void closeQuietly(RaftClient c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing metadata Raft client {} failed", c.getId(), e);
    }
  }

  /**
   * Replicates a command and returns what applying it produced. Fails with a {@link StrandException} of
   * {@code TIMEOUT} after {@code timeout}, or {@code LEADER_NOT_AVAILABLE} when the group cannot commit.
   */
  public CompletableFuture<MetadataResult> submit(MetadataCommand command, Duration timeout) {
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(command.toByteArray()));
    RaftClient current = client.get();
    return current.async().send(message)
        .whenComplete((r, e) -> replaceIfClosed(current, e != null ? e
            : r != null && !r.isSuccess() ? r.getException() : null))
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
    RaftClient current = client.get();
    return current.async().sendReadOnly(query)
        .whenComplete((r, e) -> replaceIfClosed(current, e != null ? e
            : r != null && !r.isSuccess() ? r.getException() : null))
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
    closed = true;
    client.get().close();
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
