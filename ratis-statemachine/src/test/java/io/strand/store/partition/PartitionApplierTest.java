package io.strand.store.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.BatchResult;
import io.strand.internal.proto.PartitionCommand;
import io.strand.internal.proto.PartitionCommandResult;
import io.strand.record.CompressionType;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatchBuilder;
import io.strand.store.log.LogConfig;
import io.strand.store.log.SegmentedLog;
import io.strand.store.log.TestBatches;
import io.strand.store.log.LogReadResult;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionApplierTest {
  private static final LogConfig SMALL_SEGMENTS = LogConfig.builder().segmentBytes(600).retentionBytes(1200).build();

  @TempDir
  Path dir;

  private final List<SegmentedLog> logs = new ArrayList<>();

  @AfterEach
  void close() {
    logs.forEach(SegmentedLog::close);
  }

  private record Replica(SegmentedLog log, PartitionApplier applier) {}

  private Replica replica(String name) {
    ApplyClock clock = new ApplyClock(0);
    SegmentedLog log = SegmentedLog.open(dir.resolve(name), SMALL_SEGMENTS, clock);
    logs.add(log);
    return new Replica(log, new PartitionApplier(log, new ProducerStateTable(), clock, 0));
  }

  private static PartitionCommand append(long appendTimeMs, ByteBuffer... batches) {
    return PartitionCommandCodec.appendBatches(List.of(batches), appendTimeMs);
  }

  private static ByteBuffer idempotent(int sequence, String value) {
    return new RecordBatchBuilder(CompressionType.NONE).producer(9, (short) 0, sequence)
        .append(100, null, value.getBytes(), List.of()).build();
  }

  /** The whole log's bytes, segment by segment. */
  private static byte[] readAll(SegmentedLog log) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long offset = log.logStartOffset();
    while (offset < log.logEndOffset()) {
      LogReadResult read = log.read(offset, 1 << 20);
      out.writeBytes(TestBatches.bytes(read.records()));
      offset = read.nextOffset();
    }
    return out.toByteArray();
  }

  @Test
  void assignsConsecutiveOffsetsAndStampsTheEntryTermAsLeaderEpoch() {
    Replica r = replica("a");
    PartitionCommandResult result = r.applier().apply(append(10, TestBatches.batch(1, 3, 10),
        TestBatches.batch(2, 2, 10)), 7);

    assertThat(result.getBatchResultsList()).extracting(BatchResult::getBaseOffset).containsExactly(0L, 3L);
    assertThat(result.getBatchResultsList()).extracting(BatchResult::getLastOffset).containsExactly(2L, 4L);
    assertThat(result.getLogEndOffset()).isEqualTo(5);
    RecordBatch stored = RecordBatch.wrap(r.log().read(3, 1 << 16).records());
    assertThat(stored.baseOffset()).isEqualTo(3);
    assertThat(stored.partitionLeaderEpoch()).isEqualTo(7);
    assertThat(stored.isChecksumValid()).isTrue();
  }

  @Test
  void appendTimeNeverGoesBackwards() {
    Replica r = replica("a");
    assertThat(r.applier().apply(append(5_000, TestBatches.batch(1, 1, 1)), 1).getBatchResults(0)
        .getAppendTimeMs()).isEqualTo(5_000);
    assertThat(r.applier().apply(append(4_000, TestBatches.batch(2, 1, 1)), 2).getBatchResults(0)
        .getAppendTimeMs()).as("a new leader with a slower clock").isEqualTo(5_000);
    assertThat(r.applier().producerState().getLastAppendTimeMs()).isEqualTo(5_000);
  }

  @Test
  void rejectedBatchesDoNotAffectTheOthersInTheEntry() {
    Replica r = replica("a");
    ByteBuffer corrupt = TestBatches.batch(1, 2, 10);
    corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) + 1));

    PartitionCommandResult result = r.applier().apply(append(1, idempotent(0, "a"), corrupt,
        idempotent(0, "a"), idempotent(5, "gap"), idempotent(1, "b")), 1);

    assertThat(result.getBatchResultsList()).extracting(BatchResult::getError).containsExactly(
        ErrorCode.ERROR_CODE_NONE, ErrorCode.ERROR_CODE_CORRUPT_BATCH, ErrorCode.ERROR_CODE_DUPLICATE_SEQUENCE,
        ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE, ErrorCode.ERROR_CODE_NONE);
    assertThat(result.getBatchResults(2).getBaseOffset()).isZero();
    assertThat(result.getBatchResults(4).getBaseOffset()).isEqualTo(1);
    assertThat(r.log().logEndOffset()).isEqualTo(2);
  }

  @Test
  void deleteRecordsAboveTheHighWatermarkIsOutOfRangeAndChangesNothing() {
    Replica r = replica("a");
    r.applier().apply(append(1, TestBatches.batch(1, 4, 10)), 1);

    PartitionCommandResult result = r.applier().apply(PartitionCommandCodec.deleteRecords(5), 1);

    assertThat(result.getError()).isEqualTo(ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE);
    assertThat(result.getLogStartOffset()).isZero();
    assertThat(r.applier().apply(PartitionCommandCodec.deleteRecords(-1), 1).getLogStartOffset()).isEqualTo(4);
  }

  @Test
  void replicasApplyingTheSameCommandsHoldByteIdenticalLogsAndReturnIdenticalResults() {
    List<PartitionCommand> commands = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      commands.add(append(1_000 + i * 10L, TestBatches.batch(i, 1 + i % 3, 40), idempotent(i, "v" + i)));
      if (i % 7 == 6) {
        commands.add(append(900, idempotent(i, "v" + i)));
        commands.add(PartitionCommandCodec.applyRetention(1_000 + i * 10L));
      }
    }
    commands.add(PartitionCommandCodec.deleteRecords(45));

    Replica a = replica("a");
    Replica b = replica("b");
    for (PartitionCommand command : commands) {
      assertThat(b.applier().apply(command, 3)).isEqualTo(a.applier().apply(command, 3));
    }

    assertThat(a.log().logStartOffset()).isEqualTo(b.log().logStartOffset()).isPositive();
    assertThat(a.log().segmentBaseOffsets()).isEqualTo(b.log().segmentBaseOffsets());
    assertThat(readAll(a.log())).isEqualTo(readAll(b.log())).hasSizeGreaterThan(100);
    assertThat(a.applier().producerState()).isEqualTo(b.applier().producerState());
  }
}
