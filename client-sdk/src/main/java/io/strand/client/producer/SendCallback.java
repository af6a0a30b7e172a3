package io.strand.client.producer;

/**
 * Called once when a sent record is acknowledged or has finally failed.
 *
 * <p>Runs on the producer's I/O thread, like Kafka's {@code Callback}: it must be quick and must not block
 * (hand slow work to another executor), or every other send of this producer waits.
 */
@FunctionalInterface
public interface SendCallback {
  /**
   * @param result where the record was written, or {@code null} on failure
   * @param exception the failure (a {@link io.strand.client.error.StrandException} subtype), or {@code null}
   */
  void onCompletion(SendResult result, Exception exception);
}
