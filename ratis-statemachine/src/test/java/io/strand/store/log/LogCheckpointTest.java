package io.strand.store.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCheckpointTest {
  @TempDir Path dir;

  @Test
  void roundTrips() throws Exception {
    new LogCheckpoint(17, 4242).write(dir);
    new LogCheckpoint(18, 4343).write(dir);
    LogCheckpoint.Loaded loaded = LogCheckpoint.read(dir);
    assertThat(loaded.problem()).isEmpty();
    assertThat(loaded.checkpoint()).contains(new LogCheckpoint(18, 4343));
    assertThat(Files.size(dir.resolve(SegmentFiles.CHECKPOINT_FILE))).isEqualTo(LogCheckpoint.SIZE);
    assertThat(dir.resolve(SegmentFiles.CHECKPOINT_FILE + SegmentFiles.TEMP_SUFFIX)).doesNotExist();
  }

  @Test
  void missingFileIsNotAProblem() throws Exception {
    LogCheckpoint.Loaded loaded = LogCheckpoint.read(dir);
    assertThat(loaded.checkpoint()).isEmpty();
    assertThat(loaded.problem()).isEmpty();
  }

  @Test
  void corruptFileIsReported() throws Exception {
    new LogCheckpoint(1, 2).write(dir);
    Path file = dir.resolve(SegmentFiles.CHECKPOINT_FILE);
    byte[] bytes = Files.readAllBytes(file);
    bytes[12] ^= 0x40;
    Files.write(file, bytes);
    assertThat(LogCheckpoint.read(dir).problem()).get().asString().contains("CRC");
    Files.write(file, new byte[] {1, 2, 3});
    assertThat(LogCheckpoint.read(dir).problem()).get().asString().contains("length");
    assertThat(LogCheckpoint.read(dir).checkpoint()).isEmpty();
  }
}
