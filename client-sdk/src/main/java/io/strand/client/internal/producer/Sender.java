package io.strand.client.internal.producer;

import com.google.protobuf.UnsafeByteOperations;
import io.strand.api.v1.Acks;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.PartitionProduceResult;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.ProduceResponse;
import io.strand.api.v1.ProduceServiceGrpc;
import io.strand.client.TopicPartition;
import io.strand.client.error.NetworkException;
import io.strand.client.error.NotLeaderException;
import io.strand.client.error.StrandException;
import io.strand.client.error.TimeoutException;
import io.strand.client.error.UnknownServerException;
import io.strand.client.internal.Calls;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.Endpoint;
import io.strand.client.internal.ErrorMapper;
import io.strand.client.producer.ProducerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's I/O thread: drains ready batches, sends them (one ProduceRequest per target node, one
 * batch per partition per request, at most {@code max.request.size}), and handles the answers: success,
 * retry with back-off inside {@code delivery.timeout.ms}, or failure.
 *
 * <p>Idempotence (see {@link PartitionSequences}): a batch gets its producer id and base sequence when first
 * sent and keeps its exact bytes for every retry, so the partition's state machine recognises a resend
 * (DUPLICATE_SEQUENCE, answered with the original offset). Retries go out before younger batches and only
 * when nothing else of the partition is in flight; a younger batch that overtook an unresolved older one is
 * refused as OUT_OF_ORDER_SEQUENCE and retried behind it. When a numbered batch fails for good, or the
 * server reports a real gap, the partition waits until its batches in flight are resolved, takes a fresh
 * producer id, and re-numbers (re-encodes) the batches the server proved it never wrote. A batch that had an
 * attempt without a definite answer is never re-numbered, because a re-numbered copy could be written twice: if
 * the server then refuses it as out of order, it fails as written with its offset unknown when a younger batch
 * of its producer id was acknowledged, and with a {@link TimeoutException} (outcome unknown) otherwise.
 *
 * <p>Not API. Thread-safe entry points are {@link #wakeup}, {@link #initiateClose} and {@link #forceClose};
 * everything else runs on the sender thread, and gRPC callbacks hand their results to it through an inbox.
 */
final class Sender implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
  private static final long MAX_IDLE_WAIT_MS = 1000;
  private static final long DEADLINE_MARGIN_MS = 2000;

  private final String clientId;
  private final RecordAccumulator accumulator;
  private final ClientRuntime runtime;
  private final ProducerConfig config;
  private final Supplier<CompletableFuture<ProducerIdentity>> producerIds;
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final Object signal = new Object();
  private final Map<TopicPartition, PartitionSequences> partitions = new HashMap<>();
  private final Map<TopicPartition, Endpoint> drainTargets = new HashMap<>();
  private final Map<TopicPartition, String> lastErrors = new HashMap<>();
  private boolean wakeRequested;
  private volatile boolean running = true;
  private volatile boolean forced;
  private ProducerIdentity currentIdentity;
  private boolean identityRequested;
  private long identityRetryAtMs;
  private int identityAttempts;
  private String identityError;

  /**
   * @param clientId for log lines
   * @param accumulator the queues
   * @param runtime shared client runtime
   * @param config producer config
   * @param producerIds issues a fresh producer identity, or null for a non-idempotent producer
   */
  Sender(String clientId, RecordAccumulator accumulator, ClientRuntime runtime, ProducerConfig config,
         Supplier<CompletableFuture<ProducerIdentity>> producerIds) {
    this.clientId = clientId;
    this.accumulator = accumulator;
    this.runtime = runtime;
    this.config = config;
    this.producerIds = producerIds;
  }

  @Override
  public void run() {
    try {
      while (running) {
        runOnce();
      }
      while (!forced && accumulator.hasIncomplete()) {
        runOnce();
      }
    } catch (RuntimeException | Error e) {
      LOG.error("{}: producer sender thread failed; failing every unsent record", clientId, e);
      abortAll(new StrandException("producer sender thread failed: " + e, e));
      throw e;
    }
    if (forced) {
      abortAll(new StrandException("producer closed before the record was acknowledged"));
    }
  }

  /** Wakes the sender thread (new data, a response, a flush). */
  void wakeup() {
    synchronized (signal) {
      wakeRequested = true;
      signal.notifyAll();
    }
  }

  /** Stops accepting work; the thread sends what is queued and exits when everything completed. */
  void initiateClose() {
    running = false;
    wakeup();
  }

  /** Makes the thread exit at once, failing whatever is not yet acknowledged. */
  void forceClose() {
    forced = true;
    running = false;
    wakeup();
  }

  private void post(Runnable task) {
    inbox.add(task);
    wakeup();
  }

  private void runOnce() {
    Runnable task;
    while ((task = inbox.poll()) != null) {
      task.run();
    }
    long now = runtime.nowMs();
    for (ProducerBatch expired : accumulator.expire(now, config.deliveryTimeout().toMillis())) {
      failBatch(expired, expiredError(expired, now));
    }
    if (producerIds != null) {
      manageIdentities(now);
    }
    runtime.metadata().maybeRefresh();
    drainTargets.clear();
    RecordAccumulator.Drained drained = accumulator.drain(now, this::mayDrain);
    sendDrained(drained.batches());
    long wait = Math.min(drained.nextCheckDelayMs(), MAX_IDLE_WAIT_MS);
    if (drained.blocked()) {
      wait = Math.min(wait, Math.max(1, config.linger().toMillis()) + runtime.config().retryBackoff().toMillis());
    }
    awaitWork(wait);
  }

  private void awaitWork(long waitMs) {
    synchronized (signal) {
      if (!wakeRequested && waitMs > 0 && inbox.isEmpty()) {
        try {
          signal.wait(waitMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          forceClose();
        }
      }
      wakeRequested = false;
    }
  }

  private TimeoutException expiredError(ProducerBatch batch, long now) {
    String last = lastErrors.get(batch.topicPartition());
    if (last == null && producerIds != null && currentIdentity == null) {
      last = identityError == null ? "no producer id yet" : identityError;
    }
    return new TimeoutException("expiring " + batch.recordCount() + " record(s) for " + batch.topicPartition()
        + ": " + (now - batch.createdMs()) + " ms has passed since the batch was created (delivery.timeout.ms="
        + config.deliveryTimeout().toMillis() + ")" + (last == null ? "" : "; last error: " + last));
  }

  private PartitionSequences state(TopicPartition tp) {
    return partitions.computeIfAbsent(tp, k -> new PartitionSequences());
  }

  private boolean mayDrain(TopicPartition tp, ProducerBatch head) {
    Optional<Endpoint> target = runtime.partitionTarget(tp);
    if (target.isEmpty()) {
      lastErrors.put(tp, "no leader known for " + tp);
      return false;
    }
    PartitionSequences st = state(tp);
    boolean mayGo;
    if (head.hasSequence()) {
      mayGo = head.waitsForOlder() ? st.inFlight() == 0
          : st.onlyOlderInFlight(head) && st.inFlight() < config.maxInFlight();
    } else if (producerIds != null) {
      mayGo = mayNumber(st) && st.inFlight() < config.maxInFlight() && (head.attempts() == 0 || st.inFlight() == 0);
    } else {
      mayGo = head.attempts() > 0 ? st.inFlight() == 0 : st.inFlight() < config.maxInFlight();
    }
    if (mayGo) {
      drainTargets.put(tp, target.get());
    }
    return mayGo;
  }

  private boolean mayNumber(PartitionSequences st) {
    if (st.isBroken()) {
      return false;
    }
    if (st.identity() == null) {
      if (currentIdentity == null) {
        return false;
      }
      st.reset(currentIdentity);
    }
    return true;
  }

  private void manageIdentities(long now) {
    boolean needed = currentIdentity == null
        || partitions.values().stream().anyMatch(st -> st.isBroken() && st.allResolved() && st.inFlight() == 0);
    if (!needed || identityRequested || now < identityRetryAtMs) {
      return;
    }
    identityRequested = true;
    producerIds.get().whenComplete((identity, error) -> post(() -> onIdentity(identity, error)));
  }

  private void onIdentity(ProducerIdentity identity, Throwable error) {
    identityRequested = false;
    if (error != null) {
      identityAttempts++;
      identityError = ErrorMapper.fromThrowable(error, "init producer id").getMessage();
      identityRetryAtMs = runtime.nowMs() + runtime.backoff().backoffMs(identityAttempts);
      LOG.warn("{}: could not obtain a producer id (attempt {}): {}", clientId, identityAttempts, identityError);
      return;
    }
    identityAttempts = 0;
    identityError = null;
    currentIdentity = identity;
    partitions.forEach((tp, st) -> {
      if (st.isBroken() && st.allResolved() && st.inFlight() == 0) {
        LOG.info("{}: {} continues under producer id {} after a sequence break", clientId, tp,
            identity.producerId());
        st.reset(identity);
      }
    });
  }

  private void sendDrained(List<ProducerBatch> batches) {
    Map<Endpoint, List<ProducerBatch>> byTarget = new LinkedHashMap<>();
    for (ProducerBatch batch : batches) {
      TopicPartition tp = batch.topicPartition();
      PartitionSequences st = state(tp);
      if (producerIds == null) {
        batch.seal(null, -1);
      } else if (!batch.hasSequence()) {
        batch.seal(st.identity(), st.takeSequence(batch.recordCount()));
        st.track(batch);
      }
      st.sent(batch);
      batch.waitForOlder(false);
      byTarget.computeIfAbsent(drainTargets.get(tp), e -> new ArrayList<>()).add(batch);
    }
    byTarget.forEach((target, group) -> {
      List<ProducerBatch> request = new ArrayList<>();
      int bytes = 0;
      for (ProducerBatch batch : group) {
        if (!request.isEmpty() && bytes + batch.encodedSizeInBytes() > config.maxRequestSize()) {
          send(target, request);
          request = new ArrayList<>();
          bytes = 0;
        }
        request.add(batch);
        bytes += batch.encodedSizeInBytes();
      }
      send(target, request);
    });
  }

  private void send(Endpoint target, List<ProducerBatch> batches) {
    ProduceRequest.Builder request = ProduceRequest.newBuilder()
        .setAcks(config.acks() == io.strand.client.producer.Acks.ALL ? Acks.ACKS_ALL : Acks.ACKS_NONE)
        .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, runtime.config().requestTimeout().toMillis()));
    for (ProducerBatch batch : batches) {
      request.addPartitions(PartitionProduceData.newBuilder().setTopic(batch.topicPartition().topic())
          .setPartition(batch.topicPartition().partition())
          .setRecordBatch(UnsafeByteOperations.unsafeWrap(batch.encoded())));
    }
    CompletableFuture<ProduceResponse> call;
    try {
      ProduceServiceGrpc.ProduceServiceStub stub = ProduceServiceGrpc.newStub(runtime.channels().channel(target))
          .withDeadlineAfter(runtime.config().requestTimeout().toMillis() + DEADLINE_MARGIN_MS,
              TimeUnit.MILLISECONDS);
      ProduceRequest built = request.build();
      call = Calls.unary(o -> stub.produce(built, o));
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((response, error) -> post(() -> onResponse(target, batches, response, error)));
  }

  private void onResponse(Endpoint target, List<ProducerBatch> batches, ProduceResponse response, Throwable error) {
    batches.forEach(b -> state(b.topicPartition()).answered(b));
    if (error != null) {
      StrandException mapped = ErrorMapper.fromThrowable(error, "produce via " + target);
      if (mapped instanceof NetworkException) {
        runtime.bootstrap().failed(target);
        runtime.metadata().requestUpdate();
      }
      batches.forEach(b -> {
        b.markMayHaveBeenWritten();
        handleError(b, mapped, ErrorCode.ERROR_CODE_NONE);
      });
      return;
    }
    Map<TopicPartition, PartitionProduceResult> results = new HashMap<>();
    response.getResultsList().forEach(r -> results.put(new TopicPartition(r.getTopic(), r.getPartition()), r));
    for (ProducerBatch batch : batches) {
      PartitionProduceResult result = results.get(batch.topicPartition());
      if (result == null) {
        batch.markMayHaveBeenWritten();
        handleError(batch, new UnknownServerException("produce via " + target + ": no result for "
            + batch.topicPartition()), ErrorCode.ERROR_CODE_NONE);
        continue;
      }
      ErrorCode code = result.getError().getCode();
      if (code == ErrorCode.ERROR_CODE_NONE || code == ErrorCode.ERROR_CODE_DUPLICATE_SEQUENCE) {
        completeBatch(batch, result.getBaseOffset());
      } else {
        if (leavesOutcomeOpen(code)) {
          batch.markMayHaveBeenWritten();
        }
        handleError(batch, ErrorMapper.forPartition(result.getError(), "produce to " + batch.topicPartition()),
            code);
      }
    }
  }

  private void handleError(ProducerBatch batch, StrandException error, ErrorCode code) {
    TopicPartition tp = batch.topicPartition();
    PartitionSequences st = state(tp);
    lastErrors.put(tp, error.getMessage());
    if (error instanceof NotLeaderException nle) {
      runtime.metadata().applyNotLeader(tp, nle);
    } else if (ErrorMapper.isRetriable(error)) {
      runtime.metadata().requestUpdate();
    }
    if (producerIds != null && batch.hasSequence() && (code == ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE
        || code == ErrorCode.ERROR_CODE_UNKNOWN_PRODUCER_ID)) {
      boolean behindOlder = st.hasOlderUnresolved(batch);
      if (code == ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE
          && (behindOlder || (st.isNextExpected(batch) && batch.reorders() == 0))) {
        // gRPC calls may reach the leader in another order than sent: the batch overtook an older one that is
        // unresolved or has been written since. Resend it as is, right behind the older one. A second refusal
        // as the very next batch means the server really expects something else.
        if (!behindOlder) {
          batch.countReorder();
        }
        batch.waitForOlder(behindOlder);
        batch.scheduleRetry(runtime.nowMs());
        accumulator.reenqueue(batch);
      } else if (code == ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE && st.isAcknowledgedPast(batch)) {
        // A younger batch of the same producer id was acknowledged, and the server appends a producer's batches
        // only in sequence order: this one was written by an earlier attempt whose answer was lost, and the server
        // no longer remembers it. Renumbering it would write its records twice (found by the chaos harness).
        LOG.info("{}: {} was written by an earlier attempt whose answer was lost; its offset is unknown", clientId,
            batch);
        st.resolve(batch);
        batch.fail(new StrandException("the record was written, but its acknowledgement was lost and the server "
            + "no longer remembers its offset (a younger record of this producer was acknowledged)"));
        accumulator.deallocate(batch);
      } else if (batch.mayHaveBeenWritten()) {
        // The server remembers only a producer's last few batches, so this refusal does not prove that an
        // earlier attempt, whose answer never came, was not written. Renumbering could write the records twice.
        LOG.info("{}: {} refused ({}) after an attempt without an answer; failing it as of unknown outcome",
            clientId, batch, ErrorMapper.shortName(code));
        failBatch(batch, new TimeoutException(batch.recordCount() + " record(s) for " + batch.topicPartition()
            + " may have been written by an earlier attempt whose answer was lost; the server now refuses the"
            + " batch (" + ErrorMapper.shortName(code) + "), so it is not resent. Check the partition before"
            + " producing these records again."));
      } else {
        LOG.info("{}: {} was not written ({}); renumbering under a fresh producer id", clientId, batch,
            ErrorMapper.shortName(code));
        st.resolve(batch);
        st.markBroken();
        batch.clearSequence();
        accumulator.reenqueue(batch);
      }
      return;
    }
    long now = runtime.nowMs();
    long backoff = runtime.backoff().backoffMs(batch.attempts() + 1);
    boolean inTime = now + backoff < batch.createdMs() + config.deliveryTimeout().toMillis();
    if (ErrorMapper.isRetriable(error) && batch.attempts() < config.retries() && inTime) {
      LOG.debug("{}: retrying {} after {}", clientId, batch, error.getMessage());
      retry(batch, now);
    } else if (ErrorMapper.isRetriable(error) && !inTime) {
      failBatch(batch, expiredError(batch, now));
    } else {
      failBatch(batch, error);
    }
  }

  /**
   * Whether a partition answered with {@code code} may still have written the batch: the request may have reached
   * the Raft log before the leader changed, timed out or failed to apply locally (other replicas applied it).
   * Every other error is a refusal before or at apply.
   */
  private static boolean leavesOutcomeOpen(ErrorCode code) {
    return switch (code) {
      case ERROR_CODE_UNKNOWN_SERVER_ERROR, ERROR_CODE_NOT_LEADER, ERROR_CODE_LEADER_NOT_AVAILABLE,
          ERROR_CODE_TIMEOUT, ERROR_CODE_STORAGE_ERROR, ERROR_CODE_DISK_FULL -> true;
      default -> false;
    };
  }

  private void retry(ProducerBatch batch, long now) {
    batch.scheduleRetry(now + runtime.backoff().backoffMs(batch.attempts() + 1));
    accumulator.reenqueue(batch);
  }

  private void completeBatch(ProducerBatch batch, long baseOffset) {
    state(batch.topicPartition()).resolve(batch);
    state(batch.topicPartition()).acknowledged(batch);
    lastErrors.remove(batch.topicPartition());
    batch.complete(baseOffset);
    accumulator.deallocate(batch);
  }

  private void failBatch(ProducerBatch batch, RuntimeException error) {
    PartitionSequences st = state(batch.topicPartition());
    if (batch.hasSequence()) {
      st.resolve(batch);
      st.markBroken();
    }
    batch.fail(error);
    accumulator.deallocate(batch);
  }

  private void abortAll(StrandException error) {
    accumulator.drainAllQueued();
    for (ProducerBatch batch : accumulator.incompleteBatches()) {
      batch.fail(error);
      accumulator.deallocate(batch);
    }
  }
}
