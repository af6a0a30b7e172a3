package io.strand.store.partition;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.strand.internal.proto.AppendBatches;
import io.strand.internal.proto.ApplyRetention;
import io.strand.internal.proto.DeleteRecords;
import io.strand.internal.proto.PartitionCommand;
import io.strand.internal.proto.PartitionCommandResult;
import io.strand.store.raft.ProtoBridge;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Encodes and decodes the partition's Raft entries ({@link PartitionCommand}) and apply results
 * ({@link PartitionCommandResult}), and computes the encoded size of an AppendBatches command so that the appender
 * can pack batches up to the entry limit exactly.
 *
 * <p>Stateless and thread-safe.
 */
public final class PartitionCommandCodec {
  /** Bytes of a command around its batches: oneof tag + length, and the append_time_ms field, at most. */
  static final int APPEND_COMMAND_OVERHEAD = 1 + 5 + 1 + 10;

  private PartitionCommandCodec() {}

  /**
   * An AppendBatches command. The batch buffers are wrapped, not copied, until the command is serialized; they
   * must not change in between.
   */
  public static PartitionCommand appendBatches(List<ByteBuffer> batches, long appendTimeMs) {
    AppendBatches.Builder append = AppendBatches.newBuilder().setAppendTimeMs(appendTimeMs);
    for (ByteBuffer batch : batches) {
      append.addBatches(UnsafeByteOperations.unsafeWrap(batch.duplicate()));
    }
    return PartitionCommand.newBuilder().setAppendBatches(append).build();
  }

  public static PartitionCommand deleteRecords(long beforeOffset) {
    return PartitionCommand.newBuilder()
        .setDeleteRecords(DeleteRecords.newBuilder().setBeforeOffset(beforeOffset))
        .build();
  }

  public static PartitionCommand applyRetention(long nowMs) {
    return PartitionCommand.newBuilder()
        .setApplyRetention(ApplyRetention.newBuilder().setNowMs(nowMs))
        .build();
  }

  /** Upper bound of what one batch of {@code batchBytes} adds to an encoded AppendBatches command. */
  public static int encodedBatchBytes(int batchBytes) {
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(batchBytes) + batchBytes;
  }

  /** Upper bound of the encoded size of an AppendBatches command whose batches add up to {@code batchesBytes}. */
  public static int encodedAppendBytes(int encodedBatchesBytes) {
    return APPEND_COMMAND_OVERHEAD + encodedBatchesBytes;
  }

  public static Message encode(PartitionCommand command) {
    return ProtoBridge.toMessage(command);
  }

  public static PartitionCommand decode(ByteString bytes) throws InvalidProtocolBufferException {
    return ProtoBridge.parse(bytes, PartitionCommand.parser());
  }

  public static Message encodeResult(PartitionCommandResult result) {
    return ProtoBridge.toMessage(result);
  }

  public static PartitionCommandResult decodeResult(ByteString bytes) throws InvalidProtocolBufferException {
    return ProtoBridge.parse(bytes, PartitionCommandResult.parser());
  }
}
