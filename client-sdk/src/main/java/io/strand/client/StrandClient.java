package io.strand.client;

import io.strand.client.admin.AdminClient;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.error.ConfigException;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.admin.StrandAdmin;
import io.strand.client.internal.consumer.StrandConsumer;
import io.strand.client.internal.producer.ProducerIdentity;
import io.strand.client.internal.producer.StrandProducer;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.serialization.Deserializer;
import io.strand.client.serialization.Serializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point of the Strand Java SDK: a connection to one cluster, from which producers, consumers and
 * the admin client are created. Everything created from one client shares its gRPC channels (one per node)
 * and its metadata cache; closing the client closes them all.
 *
 * <pre>{@code
 * try (StrandClient client = StrandClient.create(Map.of("bootstrap.servers", "localhost:7070"))) {
 *   Producer<String, String> producer = client.newProducer(ProducerConfig.defaults(),
 *       Serdes.stringSerializer(), Serdes.stringSerializer());
 *   producer.send(new ProducerRecord<>("orders", "key", "value")).join();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class StrandClient implements AutoCloseable {
  private final ClientRuntime runtime;
  private final StrandAdmin admin;
  private final Set<AutoCloseable> children = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** For tests in this package that run over custom channels (e.g. with fault-injecting interceptors). */
  StrandClient(ClientRuntime runtime) {
    this.runtime = runtime;
    this.admin = new StrandAdmin(runtime);
  }

  /**
   * Connects lazily: no call is made until something is sent.
   *
   * @param config the client config
   * @return the client
   */
  public static StrandClient create(ClientConfig config) {
    return new StrandClient(ClientRuntime.create(config));
  }

  /**
   * @param configs {@link ClientConfig} keys (producer and consumer keys are accepted and ignored)
   * @return the client
   * @throws ConfigException naming an invalid or unknown key
   */
  public static StrandClient create(Map<String, String> configs) {
    return create(ClientConfig.from(configs));
  }

  /** @return the client's config */
  public ClientConfig config() {
    return runtime.config();
  }

  /**
   * Creates a producer. Its I/O thread starts at once; close it (or this client) when done.
   *
   * @param config producer config
   * @param keySerializer key serializer
   * @param valueSerializer value serializer
   * @param <K> key type
   * @param <V> value type
   * @return the producer
   * @throws ConfigException when {@code delivery.timeout.ms < linger.ms + request.timeout.ms}
   */
  public <K, V> Producer<K, V> newProducer(ProducerConfig config, Serializer<K> keySerializer,
                                           Serializer<V> valueSerializer) {
    ensureOpen();
    long minimum = config.linger().toMillis() + runtime.config().requestTimeout().toMillis();
    if (config.deliveryTimeout().toMillis() < minimum) {
      throw new ConfigException(ProducerConfig.DELIVERY_TIMEOUT_MS + " (" + config.deliveryTimeout().toMillis()
          + ") must be at least " + ProducerConfig.LINGER_MS + " + " + ClientConfig.REQUEST_TIMEOUT_MS + " ("
          + minimum + ")");
    }
    Object[] self = new Object[1];
    StrandProducer<K, V> producer = new StrandProducer<>(runtime, config, keySerializer, valueSerializer,
        () -> admin.initProducerId().thenApply(r -> new ProducerIdentity(r.getProducerId(),
            (short) r.getProducerEpoch())),
        () -> children.remove(self[0]));
    self[0] = producer;
    children.add(producer);
    return producer;
  }

  /**
   * Creates a consumer (manual assignment; consumer groups come later).
   *
   * @param config consumer config
   * @param keyDeserializer key deserializer
   * @param valueDeserializer value deserializer
   * @param <K> key type
   * @param <V> value type
   * @return the consumer
   */
  public <K, V> Consumer<K, V> newConsumer(ConsumerConfig config, Deserializer<K> keyDeserializer,
                                           Deserializer<V> valueDeserializer) {
    ensureOpen();
    Object[] self = new Object[1];
    StrandConsumer<K, V> consumer = new StrandConsumer<>(runtime, config, keyDeserializer, valueDeserializer,
        () -> children.remove(self[0]));
    self[0] = consumer;
    children.add(consumer);
    return consumer;
  }

  /** @return the admin client (shared; lives as long as this client) */
  public AdminClient admin() {
    ensureOpen();
    return admin;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the client is closed");
    }
  }

  /**
   * Closes every producer (waiting up to {@code timeout} for their queued records) and consumer created
   * from this client, then the channels. Idempotent.
   *
   * @param timeout how long producers may take to deliver what is queued
   */
  public void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> all = new ArrayList<>(children);
    for (AutoCloseable child : all) {
      if (child instanceof Producer<?, ?> p) {
        p.close(timeout);
      }
    }
    for (AutoCloseable child : all) {
      if (child instanceof Consumer<?, ?> c) {
        try {
          c.close();
        } catch (RuntimeException e) {
          // A consumer in use by another thread is abandoned; its channels close below regardless.
        }
      }
    }
    runtime.close(Duration.ofSeconds(5));
  }

  /** {@link #close(Duration)} with 30 seconds for producers. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
