package io.strand.client.serialization;

import io.strand.client.error.SerializationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The built-in serializers and deserializers: raw bytes, UTF-8 strings and 64-bit longs (8 bytes, big-endian,
 * the same wire form as Kafka's {@code LongSerializer}). Every one maps {@code null} to {@code null}.
 *
 * <p>All returned instances are stateless and thread-safe.
 */
public final class Serdes {
  private Serdes() {}

  /** @return a serializer that passes byte arrays through unchanged */
  public static Serializer<byte[]> bytesSerializer() {
    return (topic, data) -> data;
  }

  /** @return a deserializer that passes byte arrays through unchanged */
  public static Deserializer<byte[]> bytesDeserializer() {
    return (topic, data) -> data;
  }

  /** @return a UTF-8 string serializer */
  public static Serializer<String> stringSerializer() {
    return (topic, data) -> data == null ? null : data.getBytes(StandardCharsets.UTF_8);
  }

  /** @return a UTF-8 string deserializer (malformed input is replaced, as {@code new String} does) */
  public static Deserializer<String> stringDeserializer() {
    return (topic, data) -> data == null ? null : new String(data, StandardCharsets.UTF_8);
  }

  /** @return an 8-byte big-endian long serializer */
  public static Serializer<Long> longSerializer() {
    return (topic, data) -> data == null ? null : ByteBuffer.allocate(Long.BYTES).putLong(data).array();
  }

  /** @return an 8-byte big-endian long deserializer; any other length is a {@link SerializationException} */
  public static Deserializer<Long> longDeserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      if (data.length != Long.BYTES) {
        throw new SerializationException(
            "a long is 8 bytes but the data from topic " + topic + " has " + data.length);
      }
      return ByteBuffer.wrap(data).getLong();
    };
  }
}
