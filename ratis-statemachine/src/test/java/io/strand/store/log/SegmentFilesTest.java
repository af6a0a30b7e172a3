package io.strand.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SegmentFilesTest {

  @Test
  void namesAreTwentyDigitBaseOffsets() {
    Path dir = Path.of("/data/t-0");
    assertThat(SegmentFiles.logFile(dir, 0)).hasFileName("00000000000000000000.log");
    assertThat(SegmentFiles.offsetIndexFile(dir, 1234)).hasFileName("00000000000000001234.index");
    assertThat(SegmentFiles.timeIndexFile(dir, Long.MAX_VALUE)).hasFileName("09223372036854775807.timeindex");
    assertThatThrownBy(() -> SegmentFiles.stem(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesOnlyWellFormedNames() {
    assertThat(SegmentFiles.parseBaseOffset("00000000000000001234.log", ".log")).isEqualTo(OptionalLong.of(1234));
    assertThat(SegmentFiles.parseBaseOffset("09223372036854775807.index", ".index"))
        .isEqualTo(OptionalLong.of(Long.MAX_VALUE));
    assertThat(SegmentFiles.parseBaseOffset("99999999999999999999.log", ".log")).isEmpty();
    assertThat(SegmentFiles.parseBaseOffset("0000000000000001234.log", ".log")).isEmpty();
    assertThat(SegmentFiles.parseBaseOffset("0000000000000000123x.log", ".log")).isEmpty();
    assertThat(SegmentFiles.parseBaseOffset("00000000000000001234.log", ".index")).isEmpty();
    assertThat(SegmentFiles.parseBaseOffset("log-state.checkpoint", ".log")).isEmpty();
  }
}
