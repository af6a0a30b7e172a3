package io.strand.store.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.BatchResult;
import io.strand.internal.proto.PartitionCommand;
import io.strand.internal.proto.PartitionCommandResult;
import io.strand.store.error.NotLeaderException;
import io.strand.store.error.ReplicationTimeoutException;
import io.strand.store.error.StoreException;
import io.strand.store.error.WriteQueueFullException;
import io.strand.store.log.TestBatches;
import io.strand.store.metrics.PartitionMetrics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PartitionAppenderTest {
  private static final Duration LONG = Duration.ofMinutes(1);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<PartitionCommand> submitted = new ArrayList<>();
  private final List<CompletableFuture<PartitionCommandResult>> replies = new ArrayList<>();
  private long nextOffset;

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private synchronized CompletableFuture<PartitionCommandResult> submit(PartitionCommand command) {
    submitted.add(command);
    CompletableFuture<PartitionCommandResult> reply = new CompletableFuture<>();
    replies.add(reply);
    return reply;
  }

  private PartitionAppender appender(int maxCommandBytes, int maxInFlight, long maxQueuedBytes) {
    PartitionMetrics metrics = new PartitionMetrics(new SimpleMeterRegistry(), "t", 0, new IdleSource());
    return new PartitionAppender("t-0", new PartitionAppender.Limits(maxCommandBytes, maxInFlight, maxQueuedBytes,
        Duration.ofMinutes(1)),
        this::submit, Clock.fixed(Instant.ofEpochMilli(5000), ZoneOffset.UTC), Runnable::run, scheduler, metrics);
  }

  /** Completes entry {@code i} as apply would: each batch gets the next offsets, in order. */
  private void apply(int i) {
    PartitionCommandResult.Builder result = PartitionCommandResult.newBuilder();
    for (int b = 0; b < submitted.get(i).getAppendBatches().getBatchesCount(); b++) {
      result.addBatchResults(BatchResult.newBuilder().setBaseOffset(nextOffset).setLastOffset(nextOffset)
          .setAppendTimeMs(submitted.get(i).getAppendBatches().getAppendTimeMs()));
      nextOffset++;
    }
    replies.get(i).complete(result.setLogEndOffset(nextOffset).build());
  }

  private static ByteBuffer batch(int value) {
    return TestBatches.batch(value, 1, 100);
  }

  private static int batchBytes() {
    return batch(0).remaining();
  }

  @Test
  void appendsQueuedWhileAnEntryIsInFlightShareTheNextEntryInArrivalOrder() throws Exception {
    PartitionAppender appender = appender(1 << 20, 1, 1 << 20);
    ByteBuffer first = batch(1);
    CompletableFuture<AppendResult> a = appender.append(first, LONG);
    List<ByteBuffer> queued = List.of(batch(2), batch(3), batch(4));
    List<CompletableFuture<AppendResult>> rest = new ArrayList<>();
    queued.forEach(b -> rest.add(appender.append(b, LONG)));

    assertThat(submitted).hasSize(1);
    assertThat(appender.queuedBytes()).isEqualTo(3L * batchBytes());
    apply(0);

    assertThat(submitted).hasSize(2);
    List<byte[]> coalesced = submitted.get(1).getAppendBatches().getBatchesList().stream()
        .map(com.google.protobuf.ByteString::toByteArray).toList();
    assertThat(coalesced).containsExactly(TestBatches.bytes(queued.get(0)), TestBatches.bytes(queued.get(1)),
        TestBatches.bytes(queued.get(2)));
    assertThat(a.get().baseOffset()).isZero();
    assertThat(rest).noneMatch(CompletableFuture::isDone);

    apply(1);
    for (int i = 0; i < rest.size(); i++) {
      AppendResult result = rest.get(i).get();
      assertThat(result.error()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
      assertThat(result.baseOffset()).isEqualTo(i + 1L);
      assertThat(result.appendTimeMs()).isEqualTo(5000);
    }
    assertThat(appender.queuedBytes()).isZero();
  }

  @Test
  void entriesArePackedUpToTheCommandLimit() {
    int perBatch = PartitionCommandCodec.encodedBatchBytes(batchBytes());
    PartitionAppender appender = appender(PartitionCommandCodec.encodedAppendBytes(2 * perBatch), 1, 1 << 20);
    appender.append(batch(0), LONG);
    for (int i = 1; i <= 5; i++) {
      appender.append(batch(i), LONG);
    }
    apply(0);
    apply(1);
    apply(2);
    assertThat(submitted).extracting(c -> c.getAppendBatches().getBatchesCount()).containsExactly(1, 2, 2, 1);
  }

  @Test
  void severalEntriesMayBeInFlight() {
    PartitionAppender appender = appender(1 << 20, 2, 1 << 20);
    appender.append(batch(0), LONG);
    appender.append(batch(1), LONG);
    appender.append(batch(2), LONG);
    assertThat(submitted).hasSize(2);
    apply(1);
    assertThat(submitted).hasSize(3);
  }

  @Test
  void fullQueueFailsFastWithThrottled() {
    PartitionAppender appender = appender(1 << 20, 1, 2L * batchBytes());
    appender.append(batch(0), LONG);
    appender.append(batch(1), LONG);
    appender.append(batch(2), LONG);

    CompletableFuture<AppendResult> rejected = appender.append(batch(3), LONG);

    assertThatThrownBy(rejected::get).hasCauseInstanceOf(WriteQueueFullException.class);
    assertThat(((StoreException) causeOf(rejected)).errorCode()).isEqualTo(ErrorCode.ERROR_CODE_THROTTLED);
    apply(0);
    assertThat(appender.append(batch(4), LONG)).isNotDone();
  }

  @Test
  void queuedAppendThatTimesOutIsNeverProposed() {
    PartitionAppender appender = appender(1 << 20, 1, 1 << 20);
    appender.append(batch(0), LONG);
    CompletableFuture<AppendResult> late = appender.append(batch(1), Duration.ofMillis(20));

    await().atMost(5, TimeUnit.SECONDS).until(late::isDone);
    assertThat(causeOf(late)).isInstanceOf(ReplicationTimeoutException.class);
    apply(0);
    assertThat(submitted).hasSize(1);
    assertThat(appender.queuedBytes()).isZero();
  }

  @Test
  void failQueuedFailsOnlyAppendsNotYetProposed() throws Exception {
    PartitionAppender appender = appender(1 << 20, 1, 1 << 20);
    CompletableFuture<AppendResult> proposed = appender.append(batch(0), LONG);
    CompletableFuture<AppendResult> queued = appender.append(batch(1), LONG);

    appender.failQueued(new NotLeaderException(OptionalInt.of(3)));

    assertThat(causeOf(queued)).isInstanceOf(NotLeaderException.class);
    assertThat(((NotLeaderException) causeOf(queued)).leaderNodeId()).hasValue(3);
    apply(0);
    assertThat(proposed.get().baseOffset()).isZero();
    assertThat(submitted).hasSize(1);
  }

  @Test
  void failedEntryFailsEveryBatchInItAndTheNextEntryStillGoesOut() {
    PartitionAppender appender = appender(1 << 20, 1, 1 << 20);
    appender.append(batch(0), LONG);
    CompletableFuture<AppendResult> b = appender.append(batch(1), LONG);
    CompletableFuture<AppendResult> c = appender.append(batch(2), LONG);
    apply(0);

    replies.get(1).completeExceptionally(new NotLeaderException(OptionalInt.empty()));

    assertThat(causeOf(b)).isInstanceOf(NotLeaderException.class);
    assertThat(causeOf(c)).isInstanceOf(NotLeaderException.class);
    CompletableFuture<AppendResult> d = appender.append(batch(3), LONG);
    assertThat(submitted).hasSize(3);
    apply(2);
    assertThat(d).isCompleted();
  }

  @Test
  void closeFailsQueuedAndLaterAppends() {
    PartitionAppender appender = appender(1 << 20, 1, 1 << 20);
    appender.append(batch(0), LONG);
    CompletableFuture<AppendResult> queued = appender.append(batch(1), LONG);
    appender.close();
    assertThat(queued).isCompletedExceptionally();
    assertThat(appender.append(batch(2), LONG)).isCompletedExceptionally();
  }

  private static Throwable causeOf(CompletableFuture<?> future) {
    try {
      future.get(5, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + future.join());
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Gauge source for a replica that holds nothing. */
  private static final class IdleSource implements PartitionMetrics.Source {
    @Override
    public long highWatermark() {
      return 0;
    }

    @Override
    public long logStartOffset() {
      return 0;
    }

    @Override
    public long sizeInBytes() {
      return 0;
    }

    @Override
    public long queuedBytes() {
      return 0;
    }

    @Override
    public boolean isLeader() {
      return true;
    }

    @Override
    public int segmentCount() {
      return 1;
    }

    @Override
    public long raftCommitIndex() {
      return 0;
    }

    @Override
    public long maxFollowerLagEntries() {
      return 0;
    }

    @Override
    public boolean isUnderReplicated() {
      return false;
    }
  }

  private static ByteBuffer sequenced(long producerId, int firstSequence) {
    return new io.strand.record.RecordBatchBuilder(io.strand.record.CompressionType.NONE)
        .producer(producerId, (short) 0, firstSequence)
        .append(1, null, new byte[100], null)
        .build();
  }

  @Test
  void aProducersBatchThatArrivesBeforeItsPredecessorIsProposedAfterIt() {
    PartitionAppender appender = appender(1 << 20, 1, 1 << 20);
    ByteBuffer first = sequenced(9, 0);
    ByteBuffer second = sequenced(9, 1);
    ByteBuffer third = sequenced(9, 2);
    appender.append(first, LONG);
    appender.append(third, LONG);
    appender.append(second, LONG);
    apply(0);

    assertThat(submitted).hasSize(2);
    assertThat(submitted.get(1).getAppendBatches().getBatchesList().stream()
        .map(com.google.protobuf.ByteString::toByteArray).toList())
        .containsExactly(TestBatches.bytes(second), TestBatches.bytes(third));
  }

  @Test
  void aHeldBatchWhosePredecessorNeverArrivesIsProposedWhenItsHoldExpires() {
    PartitionMetrics metrics = new PartitionMetrics(new SimpleMeterRegistry(), "t", 0, new IdleSource());
    PartitionAppender appender = new PartitionAppender("t-0",
        new PartitionAppender.Limits(1 << 20, 4, 1 << 20, Duration.ofMillis(50)), this::submit,
        Clock.systemUTC(), Runnable::run, scheduler, metrics);
    appender.append(sequenced(9, 0), LONG);
    appender.append(sequenced(9, 2), LONG);
    assertThat(appender.queuedBytes()).as("held, and counted against the queue limit").isPositive();

    await().atMost(Duration.ofSeconds(10)).until(() -> submittedCount() == 2);
    assertThat(appender.queuedBytes()).isZero();
  }

  private synchronized int submittedCount() {
    return submitted.size();
  }
}
