package io.strand.client.serialization;

/**
 * Turns a key or value into bytes before the producer encodes it into a record batch.
 *
 * <p>Implementations must be thread-safe: one producer calls its serializers from every thread that sends.
 *
 * @param <T> the type serialized
 */
@FunctionalInterface
public interface Serializer<T> {
  /**
   * @param topic the topic the record goes to (some formats depend on it)
   * @param data the object, possibly {@code null}
   * @return the bytes, or {@code null} for a null key or value (a tombstone)
   * @throws io.strand.client.error.SerializationException when the object cannot be serialized
   */
  byte[] serialize(String topic, T data);
}
