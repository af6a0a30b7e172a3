package io.strand.client.internal.consumer;

import io.grpc.Context;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchPartition;
import io.strand.api.v1.FetchPartitionResult;
import io.strand.api.v1.FetchRequest;
import io.strand.api.v1.FetchResponse;
import io.strand.api.v1.FetchServiceGrpc;
import io.strand.api.v1.RecordFormat;
import io.strand.client.TopicPartition;
import io.strand.client.admin.OffsetSpec;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.OffsetResetStrategy;
import io.strand.client.error.CorruptBatchException;
import io.strand.client.error.NetworkException;
import io.strand.client.error.NotLeaderException;
import io.strand.client.error.OffsetOutOfRangeException;
import io.strand.client.error.StrandException;
import io.strand.client.internal.Calls;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.Endpoint;
import io.strand.client.internal.ErrorMapper;
import io.strand.record.CorruptRecordException;
import io.strand.record.Record;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatches;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Fetch long-polls for fetchable partitions, one outstanding request per target node, asking for raw
 * RecordBatch v2 bytes, and applies the answers to the partitions' state: decodes batches (checking CRCs),
 * drops records below the requested offset (a batch may start before it), advances the fetch offset, and
 * turns errors into resets, back-offs or errors for the next poll.
 *
 * <p>Not API. Not thread-safe: confined to the consumer's thread; gRPC callbacks hand answers back through
 * the {@code post} callback, which queues them for that thread.
 */
final class Fetcher {
  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  private record Sent(int epoch, long offset) {}

  private final ClientRuntime runtime;
  private final ConsumerConfig config;
  private final Consumer<Runnable> post;
  private final Set<Endpoint> inFlight = new HashSet<>();
  private final Context.CancellableContext calls = Context.current().withCancellation();

  /**
   * @param runtime shared client runtime
   * @param config consumer config
   * @param post queues a task for the consumer thread (called from gRPC threads)
   */
  Fetcher(ClientRuntime runtime, ConsumerConfig config, Consumer<Runnable> post) {
    this.runtime = runtime;
    this.config = config;
    this.post = post;
  }

  /** Cancels every outstanding fetch long-poll (the consumer is closing). */
  void close() {
    calls.cancel(null);
  }

  /** @return whether any fetch is outstanding */
  boolean hasInFlight() {
    return !inFlight.isEmpty();
  }

  /** Sends one fetch per target node that has fetchable partitions and no fetch outstanding. */
  void sendFetches(Map<TopicPartition, PartitionState> states) {
    long now = runtime.nowMs();
    Map<Endpoint, List<PartitionState>> groups = new LinkedHashMap<>();
    for (PartitionState st : states.values()) {
      if (!st.fetchable(now, config.maxPartitionPrefetchBytes())) {
        continue;
      }
      Optional<Endpoint> target = runtime.partitionTarget(st.tp());
      if (target.isPresent() && !inFlight.contains(target.get())) {
        groups.computeIfAbsent(target.get(), e -> new ArrayList<>()).add(st);
      }
    }
    groups.forEach((target, group) -> send(target, group, states));
  }

  private void send(Endpoint target, List<PartitionState> group, Map<TopicPartition, PartitionState> states) {
    FetchRequest.Builder request = FetchRequest.newBuilder()
        .setMaxWaitMs((int) config.fetchMaxWait().toMillis())
        .setMinBytes(config.fetchMinBytes())
        .setMaxBytes(config.fetchMaxBytes())
        .setFormat(RecordFormat.RECORD_FORMAT_RAW);
    Map<TopicPartition, Sent> sent = new HashMap<>();
    for (PartitionState st : group) {
      request.addPartitions(FetchPartition.newBuilder().setTopic(st.tp().topic()).setPartition(st.tp().partition())
          .setFetchOffset(st.fetchOffset()).setMaxBytes(config.maxPartitionFetchBytes()));
      sent.put(st.tp(), new Sent(st.epoch(), st.fetchOffset()));
      st.fetchInFlight(true);
    }
    inFlight.add(target);
    FetchRequest built = request.build();
    java.util.concurrent.CompletableFuture<FetchResponse> call;
    try {
      FetchServiceGrpc.FetchServiceStub stub = FetchServiceGrpc.newStub(runtime.channels().channel(target))
          .withDeadlineAfter(runtime.deadlineMs(config.fetchMaxWait()), TimeUnit.MILLISECONDS);
      call = calls.call(() -> Calls.unary(o -> stub.fetch(built, o)));
    } catch (Exception e) {
      call = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    call.whenComplete((response, error) -> post.accept(() -> onAnswer(target, sent, response, error, states)));
  }

  private void onAnswer(Endpoint target, Map<TopicPartition, Sent> sent, FetchResponse response, Throwable error,
                        Map<TopicPartition, PartitionState> states) {
    inFlight.remove(target);
    sent.keySet().forEach(tp -> {
      PartitionState st = states.get(tp);
      if (st != null) {
        st.fetchInFlight(false);
      }
    });
    if (error != null) {
      StrandException mapped = ErrorMapper.fromThrowable(error, "fetch via " + target);
      LOG.debug("fetch via {} failed: {}", target, mapped.getMessage());
      if (mapped instanceof NetworkException) {
        runtime.bootstrap().failed(target);
      }
      runtime.metadata().requestUpdate();
      sent.forEach((tp, s) -> {
        PartitionState st = states.get(tp);
        if (st != null && st.epoch() == s.epoch()) {
          if (ErrorMapper.isRetriable(mapped)) {
            st.backOff(runtime.nowMs() + runtime.backoff().backoffMs(st.failures() + 1));
          } else {
            st.fail(mapped);
          }
        }
      });
      return;
    }
    for (FetchPartitionResult result : response.getResultsList()) {
      TopicPartition tp = new TopicPartition(result.getTopic(), result.getPartition());
      PartitionState st = states.get(tp);
      Sent s = sent.get(tp);
      if (st != null && s != null && st.epoch() == s.epoch()) {
        apply(st, result);
      }
    }
  }

  private void apply(PartitionState st, FetchPartitionResult result) {
    ErrorCode code = result.getError().getCode();
    if (code == ErrorCode.ERROR_CODE_NONE) {
      st.fetchSucceeded();
      st.highWatermark(result.getHighWatermark());
      append(st, result.getRecordBatches().asReadOnlyByteBuffer());
      if (result.getNextOffset() > st.fetchOffset()) {
        st.advanceFetchOffset(result.getNextOffset());
      }
      return;
    }
    StrandException mapped = ErrorMapper.forPartition(result.getError(), "fetch " + st.tp());
    if (code == ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE) {
      outOfRange(st, result);
    } else if (ErrorMapper.isRetriable(mapped)) {
      if (mapped instanceof NotLeaderException nle) {
        runtime.metadata().applyNotLeader(st.tp(), nle);
      } else {
        runtime.metadata().requestUpdate();
      }
      st.backOff(runtime.nowMs() + runtime.backoff().backoffMs(st.failures() + 1));
    } else {
      st.fail(mapped);
    }
  }

  private void outOfRange(PartitionState st, FetchPartitionResult result) {
    OffsetResetStrategy strategy = config.autoOffsetReset();
    if (strategy == OffsetResetStrategy.NONE) {
      st.fail(new OffsetOutOfRangeException("fetch offset " + st.fetchOffset() + " of " + st.tp()
          + " is outside [" + result.getLogStartOffset() + ", " + result.getHighWatermark()
          + "] and auto.offset.reset is none", result.getLogStartOffset(), result.getHighWatermark()));
      return;
    }
    LOG.info("fetch offset {} of {} is out of range [{}, {}]; resetting to {}", st.fetchOffset(), st.tp(),
        result.getLogStartOffset(), result.getHighWatermark(), strategy);
    st.requestReset(strategy == OffsetResetStrategy.EARLIEST ? OffsetSpec.earliest() : OffsetSpec.latest());
  }

  private void append(PartitionState st, ByteBuffer batches) {
    for (RecordBatch batch : RecordBatches.iterate(batches)) {
      try {
        if (config.checkCrcs()) {
          batch.ensureValid();
        }
        if (batch.lastOffset() < st.fetchOffset()) {
          continue;
        }
        if (!batch.isControl()) {
          List<Record> records = batch.records();
          int share = Math.max(1, batch.sizeInBytes() / Math.max(1, records.size()));
          for (Record r : records) {
            if (r.offset() >= st.fetchOffset()) {
              st.buffer(r, share);
            }
          }
        }
        st.advanceFetchOffset(batch.lastOffset() + 1);
      } catch (CorruptRecordException e) {
        st.fail(new CorruptBatchException("fetched batch of " + st.tp() + " at offset " + st.fetchOffset()
            + " is corrupt: " + e.getMessage(), e));
        return;
      }
    }
  }
}
