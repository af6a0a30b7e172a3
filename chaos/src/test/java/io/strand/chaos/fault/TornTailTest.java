package io.strand.chaos.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
}
