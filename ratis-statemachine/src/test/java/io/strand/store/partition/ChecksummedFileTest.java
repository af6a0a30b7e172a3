package io.strand.store.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFileTest {
  private static final int MAGIC = 0x54455354;

  @TempDir
  Path dir;

  @Test
  void writeReplacesAtomicallyAndReadVerifies() throws IOException {
    Path file = dir.resolve("state");
    assertThat(ChecksummedFile.read(file, MAGIC)).isEmpty();
    ChecksummedFile.write(file, MAGIC, "one".getBytes(StandardCharsets.UTF_8));
    ChecksummedFile.write(file, MAGIC, "two".getBytes(StandardCharsets.UTF_8));
    assertThat(ChecksummedFile.read(file, MAGIC)).hasValueSatisfying(
        bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("two"));
    assertThat(dir.resolve("state.tmp")).doesNotExist();
  }

  @Test
  void flippedByteIsDetected() throws IOException {
    Path file = dir.resolve("state");
    ChecksummedFile.write(file, MAGIC, "payload".getBytes(StandardCharsets.UTF_8));
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);
    assertThatThrownBy(() -> ChecksummedFile.read(file, MAGIC)).isInstanceOf(IOException.class)
        .hasMessageContaining("CRC-32C mismatch").hasMessageContaining(file.toString());
  }

  @Test
  void truncatedFileAndWrongKindAreDetected() throws IOException {
    Path file = dir.resolve("state");
    ChecksummedFile.write(file, MAGIC, "payload".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ChecksummedFile.read(file, MAGIC + 1)).hasMessageContaining("expected magic");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 2));
    assertThatThrownBy(() -> ChecksummedFile.read(file, MAGIC)).hasMessageContaining("payload bytes");
  }
}
