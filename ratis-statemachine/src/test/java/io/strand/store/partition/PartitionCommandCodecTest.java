package io.strand.store.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.BatchResult;
import io.strand.internal.proto.PartitionCommand;
import io.strand.internal.proto.PartitionCommandResult;
import io.strand.store.log.TestBatches;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.protocol.Message;
import org.junit.jupiter.api.Test;

class PartitionCommandCodecTest {

  @Test
  void appendBatchesRoundTripKeepsBatchBytesAndOrder() throws Exception {
    List<ByteBuffer> batches = List.of(TestBatches.batch(1000, 3, 10), TestBatches.batch(2000, 1, 500));
    PartitionCommand command = PartitionCommandCodec.appendBatches(batches, 1234);

    PartitionCommand decoded = PartitionCommandCodec.decode(PartitionCommandCodec.encode(command).getContent());

    assertThat(decoded.getCommandCase()).isEqualTo(PartitionCommand.CommandCase.APPEND_BATCHES);
    assertThat(decoded.getAppendBatches().getAppendTimeMs()).isEqualTo(1234);
    assertThat(decoded.getAppendBatches().getBatchesCount()).isEqualTo(2);
    for (int i = 0; i < batches.size(); i++) {
      assertThat(decoded.getAppendBatches().getBatches(i).toByteArray()).isEqualTo(TestBatches.bytes(batches.get(i)));
    }
  }

  @Test
  void encodingDoesNotConsumeTheCallersBuffers() {
    ByteBuffer batch = TestBatches.batch(1000, 3, 10);
    int position = batch.position();
    PartitionCommandCodec.encode(PartitionCommandCodec.appendBatches(List.of(batch), 1));
    assertThat(batch.position()).isEqualTo(position);
  }

  @Test
  void deleteRecordsAndRetentionRoundTrip() throws Exception {
    Message delete = PartitionCommandCodec.encode(PartitionCommandCodec.deleteRecords(42));
    Message retention = PartitionCommandCodec.encode(PartitionCommandCodec.applyRetention(99));
    assertThat(PartitionCommandCodec.decode(delete.getContent()).getDeleteRecords().getBeforeOffset()).isEqualTo(42);
    assertThat(PartitionCommandCodec.decode(retention.getContent()).getApplyRetention().getNowMs()).isEqualTo(99);
  }

  @Test
  void resultRoundTrip() throws Exception {
    PartitionCommandResult result = PartitionCommandResult.newBuilder()
        .addBatchResults(BatchResult.newBuilder().setBaseOffset(10).setLastOffset(12).setAppendTimeMs(5))
        .addBatchResults(BatchResult.newBuilder().setError(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE)
            .setBaseOffset(-1).setLastOffset(-1).setErrorMessage("gap"))
        .setLogStartOffset(3).setLogEndOffset(13).build();
    assertThat(PartitionCommandCodec.decodeResult(PartitionCommandCodec.encodeResult(result).getContent()))
        .isEqualTo(result);
  }

  @Test
  void sizeEstimateIsAnUpperBoundOfTheEncodedCommand() {
    for (int size : new int[] {61, 127, 128, 16_383, 16_384, 1 << 20, (1 << 21) + 5}) {
      List<ByteBuffer> batches = new ArrayList<>();
      int estimate = 0;
      for (int i = 0; i < 3; i++) {
        batches.add(ByteBuffer.allocate(size));
        estimate += PartitionCommandCodec.encodedBatchBytes(size);
      }
      int actual = PartitionCommandCodec.appendBatches(batches, Long.MAX_VALUE).getSerializedSize();
      assertThat(PartitionCommandCodec.encodedAppendBytes(estimate)).as("batch size %d", size)
          .isGreaterThanOrEqualTo(actual)
          .isLessThanOrEqualTo(actual + PartitionCommandCodec.APPEND_COMMAND_OVERHEAD);
    }
  }
}
