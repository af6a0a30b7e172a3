package io.strand.server.api;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchPartition;
import io.strand.api.v1.FetchPartitionResult;
import io.strand.api.v1.PartitionError;
import io.strand.api.v1.SubscribeRequest;
import io.strand.api.v1.SubscribeResponse;
import io.strand.server.error.ErrorCodes;
import io.strand.server.routing.ForwardingClient;
import io.strand.server.routing.LeaderRouter;
import io.strand.server.routing.Route;
import io.strand.store.partition.PartitionReplica;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Subscribe stream. Each partition has a cursor (next offset) and a source: the local replica when it leads
 * (woken by its high-watermark listener), or a forwarded single-partition Subscribe to the leader node, read with
 * manual flow control (one message buffered at a time). Messages are sent only while the client's stream
 * {@code isReady()}, so a slow reader holds back reads on this node and, through the forwarded streams, on the
 * leaders. A partition whose leader moves is re-routed and resumed from its cursor; a partition-level error ends
 * only that partition; the stream completes when no partition is left.
 *
 * <p>Thread-safety: all cursor state is touched inside {@code synchronized} {@link #pump()} and the re-attach path;
 * callbacks from gRPC, Ratis and timers only schedule a pump on the shared executor.
 */
final class SubscribeSession {

  private static final Logger LOG = LoggerFactory.getLogger(SubscribeSession.class);
  private static final long REROUTE_DELAY_MS = 100;
  private static final long MAX_REROUTE_DELAY_MS = 2000;

  private final ServerCallStreamObserver<SubscribeResponse> out;
  private final List<Cursor> cursors = new ArrayList<>();
  private final LeaderRouter router;
  private final ForwardingClient forwarding;
  private final ScheduledExecutorService executor;
  private final boolean forwarded;
  private final AtomicBoolean pumpScheduled = new AtomicBoolean();
  private volatile boolean closed;
  private int nextCursor;

  SubscribeSession(ServerCallStreamObserver<SubscribeResponse> out, List<FetchOperation.Item> items,
                   LeaderRouter router, ForwardingClient forwarding, ScheduledExecutorService executor,
                   boolean forwarded) {
    this.out = out;
    this.router = router;
    this.forwarding = forwarding;
    this.executor = executor;
    this.forwarded = forwarded;
    items.forEach(item -> cursors.add(new Cursor(item)));
  }

  void start() {
    out.setOnCancelHandler(this::close);
    out.setOnReadyHandler(this::schedulePump);
    synchronized (this) {
      cursors.forEach(this::attach);
    }
    schedulePump();
  }

  private void schedulePump() {
    if (!closed && pumpScheduled.compareAndSet(false, true)) {
      executor.execute(() -> {
        pumpScheduled.set(false);
        pump();
      });
    }
  }

  private synchronized void pump() {
    if (closed) {
      return;
    }
    try {
      int idle = 0;
      while (out.isReady() && !cursors.isEmpty() && idle < cursors.size()) {
        Cursor c = cursors.get(nextCursor % cursors.size());
        nextCursor++;
        idle = c.sendNext() ? 0 : idle + 1;
      }
      if (cursors.isEmpty()) {
        closed = true;
        out.onCompleted();
      }
    } catch (RuntimeException e) {
      boolean cancelled = out.isCancelled();
      close();
      if (!cancelled) {
        LOG.warn("subscribe stream failed", e);
        out.onError(Status.INTERNAL.withDescription(ErrorCodes.message(e)).asRuntimeException());
      }
    }
  }

  private void close() {
    closed = true;
    synchronized (this) {
      cursors.forEach(Cursor::detach);
    }
  }

  /** Routes a cursor to its leader; retries later when no leader is known. Called with the lock held. */
  private void attach(Cursor c) {
    Route route = router.route(c.item.id(), forwarded);
    if (route instanceof Route.Local local) {
      c.attachLocal(local.replica());
    } else if (route instanceof Route.Remote remote) {
      c.attachRemote(remote);
    } else if (route instanceof Route.Failed failed) {
      if (!forwarded && isRetriable(failed.code())) {
        c.rerouteLater();
      } else {
        c.pendingError = FetchPartitionResult.newBuilder().setTopic(c.item.id().topic())
            .setPartition(c.item.id().partition()).setNextOffset(c.nextOffset).setLeaderId(-1)
            .setError(PartitionError.newBuilder().setCode(failed.code()).setMessage(failed.message())
                .setLeader(router.hint(failed.leaderHint())))
            .build();
      }
    }
  }

  private static boolean isRetriable(ErrorCode code) {
    return code == ErrorCode.ERROR_CODE_NOT_LEADER || code == ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE;
  }

  private void send(FetchPartitionResult result) {
    out.onNext(SubscribeResponse.newBuilder().setResult(result).build());
  }

  /** One partition's progress and source. */
  private final class Cursor {
    final FetchOperation.Item item;
    long nextOffset;
    PartitionReplica local;
    AutoCloseable hwListener;
    ClientCallStreamObserver<SubscribeRequest> remoteCall;
    final Deque<Object> remoteInbox = new ArrayDeque<>();
    FetchPartitionResult pendingError;
    int reroutes;
    int generation;

    Cursor(FetchOperation.Item item) {
      this.item = item;
      this.nextOffset = item.fetchOffset();
    }

    /** Sends at most one message; returns whether it sent (or finished) something. */
    boolean sendNext() {
      if (pendingError != null) {
        send(pendingError);
        finish();
        return true;
      }
      if (local != null) {
        return sendLocal();
      }
      if (remoteCall != null) {
        return sendRemote();
      }
      return false;
    }

    private boolean sendLocal() {
      if (!local.isLeader()) {
        detach();
        attach(this);
        return false;
      }
      if (nextOffset >= 0 && nextOffset >= local.highWatermark()) {
        return false;
      }
      FetchPartitionResult r = FetchOperation.read(local, itemAt(nextOffset), router.localNodeId());
      send(r);
      if (r.getError().getCode() != ErrorCode.ERROR_CODE_NONE) {
        finish();
      } else {
        nextOffset = r.getNextOffset();
      }
      return true;
    }

    private boolean sendRemote() {
      Object next;
      synchronized (remoteInbox) {
        next = remoteInbox.poll();
      }
      if (next == null) {
        return false;
      }
      if (next instanceof Throwable failure) {
        LOG.debug("forwarded subscribe of {} ended: {}; re-routing", item.id(), failure.toString());
        detach();
        rerouteLater();
        return false;
      }
      FetchPartitionResult r = ((SubscribeResponse) next).getResult();
      ErrorCode code = r.getError().getCode();
      if (code != ErrorCode.ERROR_CODE_NONE && isRetriable(code)) {
        router.cache().update(item.id(), r.getError().getLeader().getLeaderId());
        detach();
        rerouteLater();
        return false;
      }
      send(r);
      if (code != ErrorCode.ERROR_CODE_NONE) {
        finish();
      } else {
        nextOffset = r.getNextOffset();
        reroutes = 0;
        remoteCall.request(1);
      }
      return true;
    }

    void attachLocal(PartitionReplica replica) {
      local = replica;
      hwListener = replica.onHighWatermark(hw -> schedulePump());
    }

    void attachRemote(Route.Remote remote) {
      int streamGeneration;
      synchronized (remoteInbox) {
        streamGeneration = ++generation;
      }
      SubscribeRequest request = SubscribeRequest.newBuilder().setFormat(item.format())
          .setMaxBytesPerMessage(item.maxBytes())
          .addPartitions(FetchPartition.newBuilder().setTopic(item.id().topic()).setPartition(item.id().partition())
              .setFetchOffset(nextOffset).setMaxBytes(item.maxBytes()))
          .build();
      forwarding.subscribe(remote.node()).subscribe(request, new ClientResponseObserver<SubscribeRequest,
          SubscribeResponse>() {
        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> call) {
          remoteCall = call;
          call.disableAutoRequestWithInitial(1);
        }

        @Override
        public void onNext(SubscribeResponse value) {
          deliver(streamGeneration, value);
        }

        @Override
        public void onError(Throwable t) {
          deliver(streamGeneration, t);
        }

        @Override
        public void onCompleted() {
          deliver(streamGeneration,
              Status.UNAVAILABLE.withDescription("the leader ended the stream").asRuntimeException());
        }
      });
    }

    /** Queues a message of the forwarded stream; messages of a stream that was since replaced are dropped. */
    private void deliver(int streamGeneration, Object message) {
      synchronized (remoteInbox) {
        if (streamGeneration != generation) {
          return;
        }
        remoteInbox.add(message);
      }
      schedulePump();
    }

    void rerouteLater() {
      long delay = Math.min(MAX_REROUTE_DELAY_MS, REROUTE_DELAY_MS << Math.min(reroutes, 5));
      reroutes++;
      executor.schedule(() -> {
        synchronized (SubscribeSession.this) {
          if (!closed && cursors.contains(this) && local == null && remoteCall == null) {
            attach(this);
          }
        }
        schedulePump();
      }, delay, TimeUnit.MILLISECONDS);
    }

    void detach() {
      if (hwListener != null) {
        try {
          hwListener.close();
        } catch (Exception e) {
          LOG.debug("closing the high-watermark listener of {} failed", item.id(), e);
        }
      }
      hwListener = null;
      local = null;
      if (remoteCall != null) {
        remoteCall.cancel("re-routing the subscription", null);
      }
      remoteCall = null;
      synchronized (remoteInbox) {
        generation++;
        remoteInbox.clear();
      }
    }

    private void finish() {
      detach();
      cursors.remove(this);
    }

    private FetchOperation.Item itemAt(long offset) {
      return new FetchOperation.Item(item.id(), offset, item.maxBytes(), item.format());
    }
  }
}
