package io.strand.chaos.check;

import static io.strand.chaos.check.HistoryFixture.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.strand.chaos.history.OpType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryCheckerTest {
  private final HistoryChecker checker = new HistoryChecker();

  private static void assertOnly(CheckReport report, Anomaly anomaly, int count) {
    assertThat(report.counts()).as(report.render()).isEqualTo(Map.of(anomaly, count));
    assertThat(report.examples().get(anomaly)).hasSize(Math.min(count, HistoryChecker.DEFAULT_MAX_EXAMPLES));
    assertThat(report.valid()).isFalse();
  }

  /** Two producers, a consumer and the final reader, everything in order. */
  private static HistoryFixture cleanRun() {
    return new HistoryFixture()
        .send("producer-1", 0, "1-0", 0)
        .send("producer-2", 0, "2-0", 1)
        .send("producer-1", 0, "1-1", 2)
        .send("producer-2", 1, "2-1", 0)
        .assign("consumer-1", 0, 1)
        .poll("consumer-1", r(0, 0, "1-0"), r(0, 1, "2-0"), r(1, 0, "2-1"))
        .poll("consumer-1", r(0, 2, "1-1"))
        .readAll(0, 3, r(0, 0, "1-0"), r(0, 1, "2-0"), r(0, 2, "1-1"))
        .readAll(1, 1, r(1, 0, "2-1"));
  }

  @Test
  void cleanHistoryIsValid() {
    CheckReport report = checker.check(cleanRun().ops());

    assertThat(report.valid()).as(report.render()).isTrue();
    assertThat(report.stats().sendsAcked()).isEqualTo(4);
    assertThat(report.stats().recordsRead()).isEqualTo(8);
    assertThat(report.render()).contains("VALID: no anomalies");
  }

  @Test
  void unknownWritesMayAppearOnceOrNotAtAll() {
    HistoryFixture h = new HistoryFixture()
        .sendInvoke("producer-1", 0, "seen").sendEnd("producer-1", OpType.INFO, 0, "seen")
        .sendInvoke("producer-1", 0, "unseen").sendEnd("producer-1", OpType.INFO, 0, "unseen")
        .sendInvoke("producer-1", 0, "never-completed")
        .send("producer-2", 0, "acked", 1)
        .readAll(0, 2, r(0, 0, "seen"), r(0, 1, "acked"));

    CheckReport report = checker.check(h.ops());

    assertThat(report.valid()).as(report.render()).isTrue();
    assertThat(report.stats().sendsUnknown()).isEqualTo(3);
    assertThat(report.stats().unknownSendsSeen()).isEqualTo(1);
  }

  @Test
  void unknownWriteReadTwiceIsDuplicate() {
    HistoryFixture h = new HistoryFixture()
        .sendInvoke("producer-1", 0, "v").sendEnd("producer-1", OpType.INFO, 0, "v")
        .readAll(0, 2, r(0, 0, "v"), r(0, 1, "v"));

    assertOnly(checker.check(h.ops()), Anomaly.DUPLICATE, 1);
  }

  @Test
  void ackedWriteMissingBelowTheFinalReadEndIsLost() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 0)
        .send("producer-1", 0, "b", 1)
        .send("producer-1", 0, "c", 2)
        .readAll(0, 3, r(0, 0, "a"), r(0, 2, "c"));

    CheckReport report = checker.check(h.ops());

    // "b" lost and, because the reader jumped from 0 to 2, a skip too: both are true of this history.
    assertThat(report.count(Anomaly.LOST)).as(report.render()).isEqualTo(1);
    assertThat(report.examples().get(Anomaly.LOST).get(0)).contains("'b'").contains("p0@1");
    assertThat(report.count(Anomaly.POLL_SKIP)).isEqualTo(1);
    assertThat(report.count(Anomaly.UNSEEN)).isZero();
  }

  @Test
  void ackedWriteBeyondTheFinalReadIsUnseenNotLost() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 0)
        .send("producer-1", 0, "b", 1)
        .send("producer-1", 1, "c", 0)
        .readAll(0, 1, r(0, 0, "a"));

    CheckReport report = checker.check(h.ops());

    assertOnly(report, Anomaly.UNSEEN, 2);
    assertThat(report.examples().get(Anomaly.UNSEEN)).anySatisfy(e -> assertThat(e).contains("never read"));
  }

  @Test
  void ackedWriteReadByConsumerButMissingFromFinalReadIsLost() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 0)
        .send("producer-1", 0, "b", 1)
        .poll("consumer-1", r(0, 0, "a"), r(0, 1, "b"))
        .readAll(0, 2, r(0, 0, "a"));

    assertOnly(checker.check(h.ops()), Anomaly.LOST, 1);
  }

  @Test
  void valueAtTwoOffsetsIsDuplicate() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 0)
        .send("producer-1", 0, "b", 1)
        .readAll(0, 3, r(0, 0, "a"), r(0, 1, "b"), r(0, 2, "a"));

    CheckReport report = checker.check(h.ops());

    assertOnly(report, Anomaly.DUPLICATE, 1);
    assertThat(report.examples().get(Anomaly.DUPLICATE).get(0)).contains("'a'").contains("p0@0").contains("p0@2");
  }

  @Test
  void ackAtOneOffsetAndReadAtAnotherIsDuplicateAndInconsistent() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 0)
        .send("producer-1", 0, "b", 1)
        .readAll(0, 2, r(0, 0, "b"), r(0, 1, "a"));

    CheckReport report = checker.check(h.ops());

    assertThat(report.count(Anomaly.DUPLICATE)).as(report.render()).isEqualTo(2);
    assertThat(report.count(Anomaly.INCONSISTENT_OFFSET)).isEqualTo(2);
  }

  @Test
  void twoReadersSeeingDifferentValuesAtOneOffsetIsInconsistent() {
    HistoryFixture h = new HistoryFixture()
        .sendInvoke("producer-1", 0, "a").sendEnd("producer-1", OpType.INFO, 0, "a")
        .sendInvoke("producer-2", 0, "b").sendEnd("producer-2", OpType.INFO, 0, "b")
        .poll("consumer-1", r(0, 0, "a"))
        .readAll(0, 1, r(0, 0, "b"));

    CheckReport report = checker.check(h.ops());

    assertOnly(report, Anomaly.INCONSISTENT_OFFSET, 1);
    assertThat(report.examples().get(Anomaly.INCONSISTENT_OFFSET).get(0)).contains("p0@0").contains("'a'")
        .contains("'b'");
  }

  @Test
  void producerOffsetsGoingBackwardsIsNonMonotonicSend() {
    HistoryFixture h = new HistoryFixture()
        .sendInvoke("producer-1", 0, "a")
        .sendInvoke("producer-1", 0, "b")
        .sendOk("producer-1", 0, "b", 0)
        .sendOk("producer-1", 0, "a", 1)
        .readAll(0, 2, r(0, 0, "b"), r(0, 1, "a"));

    CheckReport report = checker.check(h.ops());

    assertOnly(report, Anomaly.NON_MONOTONIC_SEND, 1);
    assertThat(report.examples().get(Anomaly.NON_MONOTONIC_SEND).get(0)).contains("producer-1 p0");
  }

  @Test
  void differentProducersOrPartitionsDoNotConstrainEachOther() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 5)
        .send("producer-2", 0, "b", 2)
        .send("producer-1", 1, "c", 0)
        .readAll(0, 6, r(0, 2, "b"), r(0, 5, "a"))
        .readAll(1, 1, r(1, 0, "c"));

    // the final reader skips 0..1 and 3..4 (written by nobody here), which is the only thing wrong
    CheckReport report = checker.check(h.ops());
    assertThat(report.count(Anomaly.NON_MONOTONIC_SEND)).isZero();
    assertOnly(report, Anomaly.POLL_SKIP, 1);
  }

  @Test
  void consumerReadingBackwardsIsNonMonotonicPoll() {
    HistoryFixture h = cleanRun()
        .poll("consumer-1", r(0, 1, "2-0"));

    CheckReport report = checker.check(h.ops());

    assertOnly(report, Anomaly.NON_MONOTONIC_POLL, 1);
  }

  @Test
  void consumerRereadingInsideOnePollIsNonMonotonicPoll() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 0)
        .poll("consumer-1", r(0, 0, "a"), r(0, 0, "a"))
        .readAll(0, 1, r(0, 0, "a"));

    assertOnly(checker.check(h.ops()), Anomaly.NON_MONOTONIC_POLL, 1);
  }

  @Test
  void consumerJumpingOverOffsetsIsPollSkip() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 0)
        .send("producer-1", 0, "b", 1)
        .send("producer-1", 0, "c", 2)
        .poll("consumer-1", r(0, 0, "a"))
        .poll("consumer-1", r(0, 2, "c"))
        .readAll(0, 3, r(0, 0, "a"), r(0, 1, "b"), r(0, 2, "c"));

    CheckReport report = checker.check(h.ops());

    assertOnly(report, Anomaly.POLL_SKIP, 1);
    assertThat(report.examples().get(Anomaly.POLL_SKIP).get(0)).contains("expected p0@1");
  }

  @Test
  void seekAssignAndRebalanceAllowJumps() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 0)
        .send("producer-1", 0, "b", 1)
        .send("producer-1", 0, "c", 2)
        .poll("consumer-1", r(0, 2, "c"))
        .seek("consumer-1", 0, 0)
        .poll("consumer-1", r(0, 0, "a"))
        .assign("consumer-1", 0)
        .poll("consumer-1", r(0, 2, "c"))
        .groupPoll("consumer-2", "g", 1, r(0, 1, "b"))
        .groupPoll("consumer-2", "g", 2, r(0, 0, "a"), r(0, 1, "b"))
        .readAll(0, 3, r(0, 0, "a"), r(0, 1, "b"), r(0, 2, "c"));

    CheckReport report = checker.check(h.ops());

    assertThat(report.valid()).as(report.render()).isTrue();
  }

  @Test
  void seekToAnOffsetSetsTheNextExpectedOffset() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 0)
        .send("producer-1", 0, "b", 1)
        .send("producer-1", 0, "c", 2)
        .seek("consumer-1", 0, 1)
        .poll("consumer-1", r(0, 2, "c"))
        .readAll(0, 3, r(0, 0, "a"), r(0, 1, "b"), r(0, 2, "c"));

    assertOnly(checker.check(h.ops()), Anomaly.POLL_SKIP, 1);
  }

  @Test
  void committedOffsetGoingBackwardsIsRegression() {
    HistoryFixture h = cleanRun()
        .commit("consumer-1", "g", 0, 3)
        .commit("consumer-2", "g", 0, 1);

    CheckReport report = checker.check(h.ops());

    assertOnly(report, Anomaly.COMMITTED_OFFSET_REGRESSION, 1);
    assertThat(report.examples().get(Anomaly.COMMITTED_OFFSET_REGRESSION).get(0)).contains("group g p0")
        .contains("@1").contains("@3");
  }

  @Test
  void concurrentCommitsMayCompleteInEitherOrder() {
    HistoryFixture h = cleanRun()
        .commitInvoke("consumer-1", "g", 0, 1)
        .commitInvoke("consumer-2", "g", 0, 3)
        .commitOk("consumer-2", "g", 0, 3)
        .commitOk("consumer-1", "g", 0, 1)
        .commit("consumer-1", "other-group", 0, 0)
        .commit("consumer-1", "g", 1, 0);

    CheckReport report = checker.check(h.ops());

    assertThat(report.valid()).as(report.render()).isTrue();
  }

  @Test
  void failedCommitDoesNotCount() {
    HistoryFixture h = cleanRun()
        .commitInvoke("consumer-1", "g", 0, 3)
        .add(io.strand.chaos.history.Op.complete("consumer-1", OpType.FAIL,
            io.strand.chaos.history.OpFunction.COMMIT, 99_000_000_000L).group("g").partition(0).offset(3).build())
        .commit("consumer-1", "g", 0, 1);

    assertThat(checker.check(h.ops()).valid()).isTrue();
  }

  @Test
  void failedWriteThatIsReadIsReported() {
    HistoryFixture h = new HistoryFixture()
        .sendInvoke("producer-1", 0, "a").sendEnd("producer-1", OpType.FAIL, 0, "a")
        .readAll(0, 1, r(0, 0, "a"));

    assertOnly(checker.check(h.ops()), Anomaly.FAILED_WRITE_VISIBLE, 1);
  }

  @Test
  void valueNobodySentIsReported() {
    HistoryFixture h = new HistoryFixture()
        .readAll(0, 1, r(0, 0, "ghost"));

    assertOnly(checker.check(h.ops()), Anomaly.NEVER_WRITTEN, 1);
  }

  @Test
  void completionWithoutInvocationAndReusedValuesAreMalformed() {
    HistoryFixture h = new HistoryFixture()
        .sendOk("producer-1", 0, "orphan", 0)
        .send("producer-1", 0, "a", 0)
        .send("producer-2", 0, "a", 1)
        .readAll(0, 2, r(0, 0, "a"), r(0, 1, "a"));

    CheckReport report = checker.check(h.ops());

    assertThat(report.count(Anomaly.MALFORMED_HISTORY)).as(report.render()).isEqualTo(2);
  }

  @Test
  void examplesAreCappedButCountsAreNot() {
    HistoryFixture h = new HistoryFixture();
    for (int i = 0; i < 25; i++) {
      h.send("producer-1", 0, "v" + i, i);
    }
    h.readAll(0, 0);

    CheckReport report = new HistoryChecker(3).check(h.ops());

    assertThat(report.count(Anomaly.UNSEEN)).isEqualTo(25);
    assertThat(report.examples().get(Anomaly.UNSEEN)).hasSize(3);
  }

  @Test
  void statsCountFaultsAndTheLongestAckGapAroundAKill() {
    HistoryFixture h = new HistoryFixture()
        .send("producer-1", 0, "a", 0)
        .nemesis("kill n2 (leader of p0)")
        .nemesis("pause n3")
        .nemesis("kill n1")
        .nemesis("heal kill n1")
        .send("producer-1", 0, "b", 1)
        .readAll(0, 2, r(0, 0, "a"), r(0, 1, "b"));

    CheckReport report = checker.check(h.ops());

    assertThat(report.valid()).isTrue();
    assertThat(report.stats().faultsByKind()).containsExactlyInAnyOrderEntriesOf(Map.of("kill", 2, "pause", 1));
    assertThat(report.stats().longestAckGapAfterKill()).hasValueSatisfying(g -> {
      assertThat(g.process()).isEqualTo("producer-1");
      assertThat(g.gapMs()).isEqualTo(10);
      assertThat(g.fault()).startsWith("kill");
    });
  }
}
