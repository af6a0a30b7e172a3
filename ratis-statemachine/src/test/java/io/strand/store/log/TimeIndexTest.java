package io.strand.store.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {
  private static final long BASE = 500;

  @TempDir Path dir;

  @Test
  void appendsOnlyGrowingTimestamps() throws Exception {
    try (TimeIndex index = new TimeIndex(dir.resolve("t.timeindex"), BASE, 1024)) {
      assertThat(index.maybeAppend(100, BASE + 1)).isTrue();
      assertThat(index.maybeAppend(100, BASE + 2)).isFalse();
      assertThat(index.maybeAppend(90, BASE + 3)).isFalse();
      assertThat(index.maybeAppend(-1, BASE + 3)).isFalse();
      assertThat(index.maybeAppend(150, BASE + 3)).isTrue();
      assertThat(index.entries()).isEqualTo(2);
      assertThat(index.lastEntry()).contains(new TimestampOffset(150, BASE + 3));
    }
  }

  @Test
  void lookupAtEveryBoundary() throws Exception {
    try (TimeIndex index = new TimeIndex(dir.resolve("t.timeindex"), BASE, 1024)) {
      for (int k = 1; k <= 10; k++) {
        index.maybeAppend(1000L * k, BASE + 5L * k);
      }
      for (long target = 0; target <= 11_000; target += 250) {
        // last entry with a timestamp strictly below the target
        long k = Math.min(10, (target - 1) / 1000);
        long expected = target <= 1000 ? BASE : BASE + 5 * k;
        assertThat(index.lookup(target)).as("lookup(%d)", target).isEqualTo(expected);
      }
      assertThat(index.lookup(1001)).isEqualTo(BASE + 5);
      assertThat(index.lookup(1000)).isEqualTo(BASE);
    }
  }

  @Test
  void truncateKeepsEntriesThatStillBoundRecords() throws Exception {
    try (TimeIndex index = new TimeIndex(dir.resolve("t.timeindex"), BASE, 1024)) {
      index.maybeAppend(10, BASE + 2);
      index.maybeAppend(20, BASE + 4);
      index.maybeAppend(30, BASE + 6);
      index.truncateTo(BASE + 4);
      assertThat(index.entries()).isEqualTo(2);
      assertThat(index.lastEntry()).contains(new TimestampOffset(20, BASE + 4));
      index.truncateTo(BASE + 1);
      assertThat(index.entries()).isZero();
      assertThat(index.lastEntry()).isEmpty();
    }
  }

  @Test
  void consistencyCheckFindsOutOfRangeOffsets() throws Exception {
    try (TimeIndex index = new TimeIndex(dir.resolve("t.timeindex"), BASE, 1024)) {
      index.maybeAppend(10, BASE + 2);
      index.maybeAppend(20, BASE + 8);
      assertThat(index.checkConsistency(100, BASE + 8)).isEmpty();
      assertThat(index.checkConsistency(100, BASE + 7)).isPresent();
    }
  }
}
