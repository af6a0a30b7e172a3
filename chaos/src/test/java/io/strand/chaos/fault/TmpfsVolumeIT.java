package io.strand.chaos.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real tmpfs: fill makes writes fail with no space left, drain makes them work again. Root only. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TmpfsVolumeIT {
  private final HostCommands commands = new HostCommands(Duration.ofSeconds(20));

  @Test
  void fillMakesWritesFailUntilDrained(@TempDir Path dir) throws IOException {
    assumeTrue(commands.isRoot(), "tmpfs tests need root; skipped");
    Path data = dir.resolve("node-1");

    try (TmpfsVolume volume = TmpfsVolume.mount(commands, data, 4 << 20)) {
      Files.write(data.resolve("segment"), new byte[100_000]);
      assertThat(volume.fill()).isGreaterThan(3_000_000);
      assertThatThrownBy(() -> Files.write(data.resolve("more"), new byte[100_000]))
          .isInstanceOf(IOException.class).hasMessageContaining("No space left");

      volume.drain();
      Files.write(data.resolve("more"), new byte[100_000]);
    }
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(data.toString());
    assertThat(data).isEmptyDirectory();
  }

  @Test
  void refusesToMountOverData(@TempDir Path dir) throws IOException {
    assumeTrue(commands.isRoot(), "tmpfs tests need root; skipped");
    Files.writeString(dir.resolve("keep"), "x");

    assertThatThrownBy(() -> TmpfsVolume.mount(commands, dir, 4 << 20)).hasMessageContaining("non-empty");
  }
}
