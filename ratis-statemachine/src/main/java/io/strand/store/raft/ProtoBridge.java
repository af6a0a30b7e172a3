package io.strand.store.raft;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.nio.ByteBuffer;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The one conversion point between Strand's protobuf messages and Ratis' shaded protobuf {@link ByteString}. Ratis
 * relocates protobuf, so the two runtimes cannot share types; bytes cross the boundary without extra copies where
 * possible.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtoBridge {
  private ProtoBridge() {}

  /** Serializes a message into a Ratis message (one copy: the serialization itself). */
  public static Message toMessage(MessageLite message) {
    return Message.valueOf(toRatis(message));
  }

  /** Serializes a message into a shaded ByteString (one copy: the serialization itself). */
  public static ByteString toRatis(MessageLite message) {
    return UnsafeByteOperations.unsafeWrap(message.toByteArray());
  }

  /** Wraps bytes without copying; the caller must never modify the array afterwards. */
  public static ByteString wrap(byte[] bytes) {
    return UnsafeByteOperations.unsafeWrap(bytes);
  }

  /** A read-only view of the bytes, without copying. */
  public static ByteBuffer view(ByteString bytes) {
    return bytes.asReadOnlyByteBuffer();
  }

  /**
   * Parses a Strand message from shaded bytes. {@code bytes} fields of the result alias one private copy of the
   * input rather than one copy each.
   */
  public static <T> T parse(ByteString bytes, Parser<T> parser) throws InvalidProtocolBufferException {
    CodedInputStream input = CodedInputStream.newInstance(bytes.toByteArray());
    input.enableAliasing(true);
    return parser.parseFrom(input);
  }
}
