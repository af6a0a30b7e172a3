package io.strand.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {
  private static final long BASE = 1_000;

  @TempDir Path dir;

  /** Entries (base + 10k, 100k) for k = 1..n. */
  private OffsetIndex indexWith(int entries) throws Exception {
    OffsetIndex index = new OffsetIndex(dir.resolve("i.index"), BASE, 1024);
    for (int k = 1; k <= entries; k++) {
      index.append(BASE + 10L * k, 100 * k);
    }
    return index;
  }

  @Test
  void lookupAtEveryBoundary() throws Exception {
    try (OffsetIndex index = indexWith(20)) {
      for (long target = BASE - 5; target <= BASE + 220; target++) {
        long k = Math.min(20, Math.max(0, (target - BASE) / 10));
        OffsetPosition expected = k == 0 ? new OffsetPosition(BASE, 0) : new OffsetPosition(BASE + 10 * k,
            (int) (100 * k));
        assertThat(index.lookup(target)).as("lookup(%d)", target).isEqualTo(expected);
      }
    }
  }

  @Test
  void emptyIndexLooksUpToSegmentStart() throws Exception {
    try (OffsetIndex index = indexWith(0)) {
      assertThat(index.lookup(BASE + 500)).isEqualTo(new OffsetPosition(BASE, 0));
      assertThat(index.lastEntry()).isEmpty();
    }
  }

  @Test
  void entriesMustIncrease() throws Exception {
    try (OffsetIndex index = indexWith(2)) {
      assertThatThrownBy(() -> index.append(BASE + 20, 300)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> index.append(BASE + 30, 200)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> index.append(BASE + Integer.MAX_VALUE + 1L, 400))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void truncateDropsEntriesAtOrAboveTheOffset() throws Exception {
    try (OffsetIndex index = indexWith(10)) {
      index.truncateTo(BASE + 50);
      assertThat(index.entries()).isEqualTo(4);
      assertThat(index.lastEntry()).contains(new OffsetPosition(BASE + 40, 400));
      assertThat(Files.size(index.path())).isEqualTo(4L * OffsetIndex.ENTRY_SIZE);
      index.truncateTo(BASE + 41);
      assertThat(index.entries()).isEqualTo(4);
      index.truncateTo(BASE);
      assertThat(index.entries()).isZero();
      index.append(BASE + 5, 50);
      assertThat(index.lookup(BASE + 7)).isEqualTo(new OffsetPosition(BASE + 5, 50));
    }
  }

  @Test
  void fullAtConfiguredSize() throws Exception {
    try (OffsetIndex index = new OffsetIndex(dir.resolve("f.index"), BASE, 3 * OffsetIndex.ENTRY_SIZE + 5)) {
      assertThat(index.maxEntries()).isEqualTo(3);
      index.append(BASE + 1, 10);
      index.append(BASE + 2, 20);
      assertThat(index.isFull()).isFalse();
      index.append(BASE + 3, 30);
      assertThat(index.isFull()).isTrue();
    }
  }

  @Test
  void reopenedIndexKeepsEntries() throws Exception {
    indexWith(7).close();
    try (OffsetIndex index = new OffsetIndex(dir.resolve("i.index"), BASE, 1024)) {
      assertThat(index.entries()).isEqualTo(7);
      assertThat(index.lastEntry()).contains(new OffsetPosition(BASE + 70, 700));
      assertThat(index.checkConsistency(10_000, BASE + 71)).isEmpty();
    }
  }

  @Test
  void consistencyCheckFindsBadEntries() throws Exception {
    try (OffsetIndex index = indexWith(5)) {
      assertThat(index.checkConsistency(501, BASE + 51)).isEmpty();
      assertThat(index.checkConsistency(500, BASE + 51)).isPresent();
      assertThat(index.checkConsistency(10_000, BASE + 50)).isPresent();
    }
    try (var channel = java.nio.channels.FileChannel.open(dir.resolve("i.index"), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(8).putInt(45).putInt(50).flip(), 16);
    }
    try (OffsetIndex index = new OffsetIndex(dir.resolve("i.index"), BASE, 1024)) {
      assertThat(index.checkConsistency(10_000, BASE + 51)).get().asString().contains("entry 2");
    }
    Files.write(dir.resolve("i.index"), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    try (OffsetIndex index = new OffsetIndex(dir.resolve("i.index"), BASE, 1024)) {
      assertThat(index.checkConsistency(10_000, BASE + 51)).get().asString().contains("multiple");
    }
  }
}
