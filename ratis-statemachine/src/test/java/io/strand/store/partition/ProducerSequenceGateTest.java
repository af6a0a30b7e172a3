package io.strand.store.partition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProducerSequenceGateTest {
  private final ProducerSequenceGate<String> gate = new ProducerSequenceGate<>(16);

  @Test
  void batchesInSequenceOrderPassStraightThrough() {
    assertThat(gate.admit("a", 7, (short) 0, 0, 9)).containsExactly("a");
    assertThat(gate.admit("b", 7, (short) 0, 10, 19)).containsExactly("b");
    assertThat(gate.parkedCount()).isZero();
  }

  @Test
  void aBatchThatOvertookItsPredecessorWaitsAndFollowsIt() {
    gate.admit("a", 7, (short) 0, 0, 9);
    assertThat(gate.admit("c", 7, (short) 0, 20, 29)).isEmpty();
    assertThat(gate.admit("d", 7, (short) 0, 30, 39)).isEmpty();
    assertThat(gate.parkedCount()).isEqualTo(2);

    assertThat(gate.admit("b", 7, (short) 0, 10, 19)).containsExactly("b", "c", "d");
    assertThat(gate.parkedCount()).isZero();
    assertThat(gate.admit("e", 7, (short) 0, 40, 49)).containsExactly("e");
  }

  @Test
  void anExpiredHoldReleasesTheBatchAndItsParkedPredecessorsAndSuccessors() {
    gate.admit("a", 7, (short) 0, 0, 9);
    gate.admit("c", 7, (short) 0, 20, 29);
    gate.admit("e", 7, (short) 0, 40, 49);
    gate.admit("f", 7, (short) 0, 50, 59);

    assertThat(gate.expire("e", 7, 40)).containsExactly("c", "e", "f");
    assertThat(gate.parkedCount()).isZero();
    assertThat(gate.expire("c", 7, 20)).as("already released").isEmpty();
    assertThat(gate.admit("g", 7, (short) 0, 60, 69)).containsExactly("g");
  }

  @Test
  void resendsNonIdempotentBatchesAndOtherProducersAreNeverHeld() {
    gate.admit("a", 7, (short) 0, 0, 9);
    gate.admit("b", 7, (short) 0, 10, 19);
    assertThat(gate.admit("a-again", 7, (short) 0, 0, 9)).containsExactly("a-again");
    assertThat(gate.admit("plain", -1, (short) -1, -1, -1)).containsExactly("plain");
    assertThat(gate.admit("other", 8, (short) 0, 500, 509)).as("first batch seen from a producer")
        .containsExactly("other");
  }

  @Test
  void aNewEpochReleasesWhatTheOldOneHadParked() {
    gate.admit("a", 7, (short) 0, 0, 9);
    gate.admit("c", 7, (short) 0, 20, 29);
    assertThat(gate.admit("new", 7, (short) 1, 0, 9)).containsExactly("c", "new");
    assertThat(gate.admit("new2", 7, (short) 1, 10, 19)).containsExactly("new2");
  }

  @Test
  void sequencesWrapAfterIntegerMaxValue() {
    gate.admit("a", 7, (short) 0, Integer.MAX_VALUE - 9, Integer.MAX_VALUE);
    assertThat(gate.admit("b", 7, (short) 0, 0, 9)).containsExactly("b");
    assertThat(gate.admit("d", 7, (short) 0, 20, 29)).isEmpty();
    assertThat(gate.admit("c", 7, (short) 0, 10, 19)).containsExactly("c", "d");
  }

  @Test
  void clearForgetsProducersAndReturnsWhatWasParked() {
    gate.admit("a", 7, (short) 0, 0, 9);
    gate.admit("c", 7, (short) 0, 20, 29);
    assertThat(gate.clear()).containsExactly("c");
    assertThat(gate.admit("x", 7, (short) 0, 40, 49)).as("unknown again after clear").containsExactly("x");
  }
}
