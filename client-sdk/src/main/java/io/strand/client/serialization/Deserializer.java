package io.strand.client.serialization;

/**
 * Turns the bytes of a fetched key or value back into an object.
 *
 * <p>A consumer calls its deserializers from its own (single) thread; implementations shared between
 * consumers must be thread-safe.
 *
 * @param <T> the type produced
 */
@FunctionalInterface
public interface Deserializer<T> {
  /**
   * @param topic the topic the record came from
   * @param data the bytes, or {@code null} for a null key or value
   * @return the object, or {@code null} for null input
   * @throws io.strand.client.error.SerializationException when the bytes cannot be read
   */
  T deserialize(String topic, byte[] data);
}
