package io.strand.store.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StorageErrorsTest {

  @Test
  void noSpaceLeftOnDeviceIsDiskFull() {
    StoreException e = StorageErrors.map("append to /data/t-0/00000000000000000000.log",
        new IOException("No space left on device"));
    assertThat(e).isInstanceOf(DiskFullException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.ERROR_CODE_DISK_FULL);
    assertThat(e.getMessage()).contains("/data/t-0/00000000000000000000.log").contains("No space left");
  }

  @Test
  void diskFullIsFoundAnywhereInTheCauseChain() {
    IOException nested = new IOException("write failed",
        new UncheckedIOException(new FileSystemException("/data/x", null, "No space left on device")));
    assertThat(StorageErrors.map("flush", nested)).isInstanceOf(DiskFullException.class);
    assertThat(StorageErrors.isDiskFull(new IOException("Disk quota exceeded"))).isTrue();
  }

  @Test
  void otherIoFailuresTakeTheLogDirOffline() {
    StoreException e = StorageErrors.map("flush /data/t-0", new IOException("Input/output error"));
    assertThat(e).isInstanceOf(LogDirOfflineException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.ERROR_CODE_STORAGE_ERROR);
    assertThat(e.getCause()).hasMessage("Input/output error");
    assertThat(StorageErrors.isDiskFull(new IOException())).isFalse();
  }

  @Test
  void everyExceptionMapsToItsErrorCode() {
    assertThat(new NotLeaderException(OptionalInt.of(3)).errorCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_LEADER);
    assertThat(new NotLeaderException(OptionalInt.of(3)).leaderNodeId()).hasValue(3);
    assertThat(new NotLeaderException(OptionalInt.empty()).getMessage()).contains("unknown");
    assertThat(new OffsetOutOfRangeException(1, 2).errorCode()).isEqualTo(ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE);
    assertThat(new OffsetOutOfRangeException(9, 1, 2).getMessage()).contains("9").contains("[1, 2]");
    assertThat(new CorruptBatchException("x").errorCode()).isEqualTo(ErrorCode.ERROR_CODE_CORRUPT_BATCH);
    assertThat(new RecordTooLargeException(10, 5).errorCode()).isEqualTo(ErrorCode.ERROR_CODE_RECORD_TOO_LARGE);
    assertThat(new RecordTooLargeException(10, 5).getMessage()).contains("10").contains("max.message.bytes=5");
    assertThat(new CorruptSegmentException("x").errorCode()).isEqualTo(ErrorCode.ERROR_CODE_STORAGE_ERROR);
    assertThat(new UnexpectedAppendOffsetException(4, 7).errorCode())
        .isEqualTo(ErrorCode.ERROR_CODE_INVALID_REQUEST);
  }
}
