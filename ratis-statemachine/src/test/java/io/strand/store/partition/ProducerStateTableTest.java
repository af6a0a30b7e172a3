package io.strand.store.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.ProducerBatch;
import io.strand.store.partition.ProducerStateTable.Check;
import io.strand.store.partition.ProducerStateTable.Verdict;
import org.junit.jupiter.api.Test;

class ProducerStateTableTest {
  private static final long PID = 7;

  private final ProducerStateTable table = new ProducerStateTable();
  private long nextOffset;

  /** Checks and, if accepted, records a batch of sequences [first, last] the way apply does. */
  private Check append(long producerId, int epoch, int first, int last) {
    Check check = table.check(producerId, (short) epoch, first, last);
    if (check.verdict() == Verdict.APPEND) {
      long base = nextOffset;
      nextOffset += (last - first) + 1L;
      table.record(producerId, (short) epoch, ProducerBatch.newBuilder().setFirstSequence(first)
          .setLastSequence(last).setBaseOffset(base).setLastOffset(nextOffset - 1).build(), 1000);
    }
    return check;
  }

  @Test
  void producerIdMinusOneIsNeverDeduplicated() {
    assertThat(append(-1, -1, -1, -1).verdict()).isEqualTo(Verdict.APPEND);
    assertThat(append(-1, -1, -1, -1).verdict()).isEqualTo(Verdict.APPEND);
    assertThat(table.size()).isZero();
  }

  @Test
  void newProducerMustStartAtSequenceZero() {
    Check check = append(PID, 0, 3, 4);
    assertThat(check.verdict()).isEqualTo(Verdict.REJECT);
    assertThat(check.error()).isEqualTo(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE);
    assertThat(append(PID, 0, 0, 4).verdict()).isEqualTo(Verdict.APPEND);
  }

  @Test
  void retryOfARecentBatchIsADuplicateWithTheOriginalOffsets() {
    append(PID, 0, 0, 4);
    append(PID, 0, 5, 9);
    Check retry = append(PID, 0, 0, 4);
    assertThat(retry.verdict()).isEqualTo(Verdict.DUPLICATE);
    assertThat(retry.error()).isEqualTo(ErrorCode.ERROR_CODE_DUPLICATE_SEQUENCE);
    assertThat(retry.baseOffset()).isZero();
    assertThat(retry.lastOffset()).isEqualTo(4);
    assertThat(append(PID, 0, 5, 9).baseOffset()).isEqualTo(5);
  }

  @Test
  void onlyTheLastFiveBatchesAreRemembered() {
    for (int i = 0; i < 6; i++) {
      assertThat(append(PID, 0, i, i).verdict()).isEqualTo(Verdict.APPEND);
    }
    assertThat(append(PID, 0, 1, 1).verdict()).isEqualTo(Verdict.DUPLICATE);
    Check evicted = append(PID, 0, 0, 0);
    assertThat(evicted.verdict()).isEqualTo(Verdict.REJECT);
    assertThat(evicted.error()).isEqualTo(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE);
  }

  @Test
  void aGapIsOutOfOrder() {
    append(PID, 0, 0, 4);
    Check gap = append(PID, 0, 6, 7);
    assertThat(gap.error()).isEqualTo(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE);
    assertThat(gap.message()).contains("expected sequence 5");
    assertThat(append(PID, 0, 5, 7).verdict()).isEqualTo(Verdict.APPEND);
  }

  @Test
  void olderEpochIsFencedAndNewerEpochRestartsAtZero() {
    append(PID, 1, 0, 4);
    assertThat(append(PID, 0, 5, 6).error()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_PRODUCER_EPOCH);
    assertThat(append(PID, 0, 0, 4).error()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_PRODUCER_EPOCH);
    assertThat(append(PID, 2, 5, 6).error()).isEqualTo(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE);
    assertThat(append(PID, 2, 0, 1).verdict()).isEqualTo(Verdict.APPEND);
    assertThat(append(PID, 1, 5, 6).error()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_PRODUCER_EPOCH);
  }

  @Test
  void sequenceWrapsAfterIntegerMax() {
    table.record(PID, (short) 0, ProducerBatch.newBuilder().setFirstSequence(Integer.MAX_VALUE - 1)
        .setLastSequence(Integer.MAX_VALUE).setBaseOffset(0).setLastOffset(1).build(), 1);
    assertThat(append(PID, 0, 0, 3).verdict()).isEqualTo(Verdict.APPEND);
  }

  @Test
  void batchWithoutSequenceFromAnIdempotentProducerIsInvalid() {
    assertThat(append(PID, 0, -1, -1).error()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_REQUEST);
  }

  @Test
  void snapshotRoundTripPreservesDecisions() {
    append(PID, 3, 0, 4);
    append(11, 0, 0, 0);
    ProducerStateTable restored = new ProducerStateTable();
    restored.load(table.toProto().build());
    assertThat(restored.toProto().build()).isEqualTo(table.toProto().build());
    assertThat(restored.check(PID, (short) 3, 0, 4).verdict()).isEqualTo(Verdict.DUPLICATE);
    assertThat(restored.check(PID, (short) 3, 5, 5).verdict()).isEqualTo(Verdict.APPEND);
    assertThat(restored.check(11, (short) 0, 2, 2).error()).isEqualTo(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE);
  }
}
