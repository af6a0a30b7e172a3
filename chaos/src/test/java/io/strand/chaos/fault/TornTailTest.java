package io.strand.chaos.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.internal.proto.PartitionSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TornTailTest {
  @TempDir
  Path data;

  private Path segment(String dir, long baseOffset, int size) throws IOException {
    Path d = Files.createDirectories(data.resolve(dir));
    return Files.write(d.resolve(String.format("%020d.log", baseOffset)), new byte[size]);
  }

  @Test
  void cutsOnlyTheNewestSegmentOfEachAcceptedPartitionDir() throws IOException {
    Path old = segment("orders-0", 0, 1000);
    Path newest = segment("orders-0", 120, 500);
    Path other = segment("orders-1", 0, 300);
    Path skipped = segment("orders-2", 0, 300);
    Files.write(data.resolve("orders-0/00000000000000000120.index"), new byte[64]);

    List<TornTail.TornSegment> torn = TornTail.tear(data, dir -> !dir.endsWith("orders-2"), new Random(7), 100);

    assertThat(torn).extracting(TornTail.TornSegment::file).containsExactlyInAnyOrder(newest, other);
    assertThat(torn).allSatisfy(t -> {
      assertThat(t.sizeAfter()).isBetween(t.sizeBefore() - 100, t.sizeBefore() - 1);
      assertThat(Files.size(t.file())).isEqualTo(t.sizeAfter());
    });
    assertThat(Files.size(old)).isEqualTo(1000);
    assertThat(Files.size(skipped)).isEqualTo(300);
    assertThat(Files.size(data.resolve("orders-0/00000000000000000120.index"))).isEqualTo(64);
  }

  @Test
  void neverCutsMoreThanTheFileAndSkipsEmptySegments() throws IOException {
    Path tiny = segment("t-0", 0, 3);
    segment("t-1", 0, 0);

    List<TornTail.TornSegment> torn = TornTail.tear(data, dir -> true, new Random(1), 4096);

    assertThat(torn).singleElement().satisfies(t -> {
      assertThat(t.file()).isEqualTo(tiny);
      assertThat(t.sizeAfter()).isBetween(0L, 2L);
    });
  }

  @Test
  void sameSeedCutsTheSameBytes() throws IOException {
    segment("a-0", 0, 10_000);
    long first = TornTail.tear(data, d -> true, new Random(42), 4096).get(0).sizeAfter();
    segment("a-0", 0, 10_000);

    assertThat(TornTail.tear(data, d -> true, new Random(42), 4096).get(0).sizeAfter()).isEqualTo(first);
  }

  /** A segment of {@code batches} batches of 10 offsets and 100 bytes each, starting at offset 0. */
  private Path segmentOfBatches(Path logDir, int batches) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(batches * 100);
    for (int b = 0; b < batches; b++) {
      int start = b * 100;
      buf.putLong(start, b * 10L).putInt(start + 8, 100 - 12).put(start + 16, (byte) 2).putInt(start + 23, 9);
    }
    Files.createDirectories(logDir);
    return Files.write(logDir.resolve(String.format("%020d.log", 0)), buf.array());
  }

  private static void writeSnapshot(Path partitionDir, long logEndOffset) throws IOException {
    byte[] payload = PartitionSnapshot.newBuilder().setRaftIndex(7).setLogEndOffset(logEndOffset).build()
        .toByteArray();
    ByteBuffer file = ByteBuffer.allocate(16 + payload.length);
    file.putInt(0x53545053).putInt(1).putInt(payload.length).putInt(0).put(payload);
    Files.write(partitionDir.resolve("partition.snapshot"), file.array());
  }

  private static void writeCheckpoint(Path logDir, long recoveryPoint) throws IOException {
    ByteBuffer file = ByteBuffer.allocate(32).putInt(0x53544C43).putShort((short) 1).putShort((short) 0)
        .putLong(0).putLong(recoveryPoint);
    Files.write(logDir.resolve("log-state.checkpoint"), file.array());
  }

  @Test
  void leavesBatchesBelowTheSnapshotsLogEndOffsetAlone() throws IOException {
    Path logDir = data.resolve("p/log");
    segmentOfBatches(logDir, 5);
    writeSnapshot(data.resolve("p"), 30);
    writeCheckpoint(logDir, 10);

    for (int seed = 0; seed < 20; seed++) {
      List<TornTail.TornSegment> torn = TornTail.tear(data, d -> true, new Random(seed), 4096);
      assertThat(torn).singleElement().satisfies(t -> assertThat(t.sizeAfter()).isBetween(300L, 499L));
      segmentOfBatches(logDir, 5);
    }
  }

  @Test
  void leavesBatchesBelowTheCheckpointsRecoveryPointAloneAndAFullyFlushedSegmentWhole() throws IOException {
    Path logDir = data.resolve("p/log");
    Path segment = segmentOfBatches(logDir, 5);
    writeSnapshot(data.resolve("p"), 20);
    writeCheckpoint(logDir, 40);

    assertThat(TornTail.tear(data, d -> true, new Random(3), 4096)).singleElement()
        .satisfies(t -> assertThat(t.sizeAfter()).isBetween(400L, 499L));

    segmentOfBatches(logDir, 5);
    writeCheckpoint(logDir, 50);
    assertThat(TornTail.tear(data, d -> true, new Random(3), 4096)).isEmpty();
    assertThat(Files.size(segment)).isEqualTo(500);
  }
}
