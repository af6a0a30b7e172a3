package io.strand.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.client.TopicPartition;
import io.strand.client.producer.SendResult;
import io.strand.record.CompressionType;
import io.strand.record.Record;
import io.strand.record.RecordBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordAccumulatorTest {
  private static final TopicPartition TP0 = new TopicPartition("t", 0);
  private static final TopicPartition TP1 = new TopicPartition("t", 1);
  private static final RecordAccumulator.DrainGate OPEN = (tp, head) -> true;

  private final AtomicInteger wakeups = new AtomicInteger();
  private final MemoryBudget memory = new MemoryBudget(1 << 20);

  private RecordAccumulator accumulator(int batchSize, long lingerMs) {
    return new RecordAccumulator(memory, batchSize, lingerMs, CompressionType.NONE, wakeups::incrementAndGet);
  }

  private static CompletableFuture<SendResult> append(RecordAccumulator acc, TopicPartition tp, long nowMs,
                                                      String value) {
    CompletableFuture<SendResult> future = new CompletableFuture<>();
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    acc.append(tp, nowMs, 1000, null, bytes, List.of(), new ProducerBatch.Thunk(future, null, 1000, -1, bytes.length),
        0);
    return future;
  }

  @Test
  void aPartialBatchWaitsForLingerThenDrains() {
    RecordAccumulator acc = accumulator(16_384, 50);
    append(acc, TP0, 0, "a");
    append(acc, TP0, 10, "b");

    RecordAccumulator.Drained early = acc.drain(20, OPEN);
    assertThat(early.batches()).isEmpty();
    assertThat(early.nextCheckDelayMs()).isEqualTo(30);

    RecordAccumulator.Drained due = acc.drain(50, OPEN);
    assertThat(due.batches()).hasSize(1);
    assertThat(due.batches().get(0).recordCount()).isEqualTo(2);
  }

  @Test
  void recordsBeyondBatchSizeStartANewBatchAndTheFullOneDrainsAtOnce() {
    RecordAccumulator acc = accumulator(200, 60_000);
    String value = "x".repeat(60);
    for (int i = 0; i < 5; i++) {
      append(acc, TP0, 0, value);
    }

    RecordAccumulator.Drained first = acc.drain(0, OPEN);
    assertThat(first.batches()).hasSize(1);
    ProducerBatch batch = first.batches().get(0);
    assertThat(batch.recordCount()).isBetween(1, 4);
    batch.seal(null, -1);
    assertThat(batch.encodedSizeInBytes()).isLessThanOrEqualTo(200);
    assertThat(wakeups.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void drainTakesAtMostOneBatchPerPartitionAndRespectsTheGate() {
    RecordAccumulator acc = accumulator(100, 0);
    append(acc, TP0, 0, "x".repeat(80));
    append(acc, TP0, 0, "y".repeat(80));
    append(acc, TP1, 0, "z");

    RecordAccumulator.Drained drained = acc.drain(0, (tp, head) -> tp.equals(TP0));
    assertThat(drained.batches()).extracting(ProducerBatch::topicPartition).containsExactly(TP0);
    assertThat(drained.blocked()).isTrue();
    assertThat(acc.drain(0, OPEN).batches()).extracting(ProducerBatch::topicPartition)
        .containsExactlyInAnyOrder(TP0, TP1);
  }

  @Test
  void aRetriedBatchGoesBackBeforeYoungerBatchesAndWaitsForItsBackoff() {
    RecordAccumulator acc = accumulator(100, 0);
    append(acc, TP0, 0, "x".repeat(80));
    append(acc, TP0, 0, "y".repeat(80));
    ProducerBatch first = acc.drain(0, OPEN).batches().get(0);
    first.seal(null, -1);

    first.scheduleRetry(500);
    acc.reenqueue(first);

    assertThat(acc.drain(100, OPEN).batches()).isEmpty();
    assertThat(acc.drain(500, OPEN).batches()).containsExactly(first);
    assertThat(acc.drain(500, OPEN).batches().get(0).id()).isGreaterThan(first.id());
  }

  @Test
  void expiryRemovesBatchesOlderThanTheDeliveryTimeout() {
    RecordAccumulator acc = accumulator(16_384, 1000);
    append(acc, TP0, 0, "old");
    append(acc, TP1, 900, "new");

    List<ProducerBatch> expired = acc.expire(1000, 1000);

    assertThat(expired).extracting(ProducerBatch::topicPartition).containsExactly(TP0);
    assertThat(acc.hasQueued()).isTrue();
  }

  @Test
  void completingABatchReleasesItsMemoryAndNumbersRecordsFromTheBaseOffset() {
    RecordAccumulator acc = accumulator(16_384, 0);
    CompletableFuture<SendResult> a = append(acc, TP0, 0, "a");
    CompletableFuture<SendResult> b = append(acc, TP0, 0, "b");
    assertThat(memory.availableBytes()).isLessThan(1 << 20);
    ProducerBatch batch = acc.drain(0, OPEN).batches().get(0);
    batch.seal(null, -1);

    batch.complete(42);
    acc.deallocate(batch);

    assertThat(a.join().offset()).isEqualTo(42);
    assertThat(b.join().offset()).isEqualTo(43);
    assertThat(memory.availableBytes()).isEqualTo(1 << 20);
    assertThat(acc.hasIncomplete()).isFalse();
  }

  @Test
  void sealingWithAnIdentityWritesProducerFieldsAndReencodingKeepsTheRecords() {
    RecordAccumulator acc = accumulator(16_384, 0);
    append(acc, TP0, 0, "a");
    append(acc, TP0, 0, "b");
    ProducerBatch batch = acc.drain(0, OPEN).batches().get(0);

    batch.seal(new ProducerIdentity(7, (short) 0), 10);
    RecordBatch first = RecordBatch.wrap(batch.encoded());
    assertThat(first.producerId()).isEqualTo(7);
    assertThat(first.baseSequence()).isEqualTo(10);

    batch.clearSequence();
    batch.seal(new ProducerIdentity(8, (short) 0), 0);
    RecordBatch second = RecordBatch.wrap(batch.encoded());
    second.ensureValid();
    assertThat(second.producerId()).isEqualTo(8);
    assertThat(second.baseSequence()).isZero();
    assertThat(second.records()).extracting(Record::value)
        .containsExactly("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void appendsAfterCloseFailAndGiveTheMemoryBack() {
    RecordAccumulator acc = accumulator(16_384, 0);
    acc.close();

    assertThatThrownBy(() -> append(acc, TP0, 0, "late")).isInstanceOf(IllegalStateException.class);
  }
}
