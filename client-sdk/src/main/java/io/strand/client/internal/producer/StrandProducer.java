package io.strand.client.internal.producer;

import io.strand.client.TopicPartition;
import io.strand.client.error.InterruptException;
import io.strand.client.error.RecordTooLargeException;
import io.strand.client.error.SerializationException;
import io.strand.client.error.StrandException;
import io.strand.client.error.TimeoutException;
import io.strand.client.error.UnknownTopicException;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.ClusterView.TopicView;
import io.strand.client.internal.ErrorMapper;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.producer.SendCallback;
import io.strand.client.producer.SendResult;
import io.strand.client.serialization.Serializer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The {@link Producer} implementation: serializes, partitions and appends records to the {@link
 * RecordAccumulator}; a dedicated {@link Sender} thread does all I/O.
 *
 * <p>Not API. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class StrandProducer<K, V> implements Producer<K, V> {
  private final ClientRuntime runtime;
  private final ProducerConfig config;
  private final Serializer<K> keySerializer;
  private final Serializer<V> valueSerializer;
  private final RecordAccumulator accumulator;
  private final Partitioner partitioner;
  private final Sender sender;
  private final Thread senderThread;
  private final Runnable onClose;
  private final Runnable unsubscribeMetadata;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Starts the producer's sender thread.
   *
   * @param runtime the owning client's runtime
   * @param config producer config
   * @param keySerializer key serializer
   * @param valueSerializer value serializer
   * @param producerIds issues producer ids ({@code InitProducerId}); used only with idempotence
   * @param onClose run once after close (the owning client forgets the producer)
   */
  public StrandProducer(ClientRuntime runtime, ProducerConfig config, Serializer<K> keySerializer,
                        Serializer<V> valueSerializer, Supplier<CompletableFuture<ProducerIdentity>> producerIds,
                        Runnable onClose) {
    this.runtime = runtime;
    this.config = config;
    this.keySerializer = keySerializer;
    this.valueSerializer = valueSerializer;
    this.onClose = onClose;
    Runnable[] wake = new Runnable[1];
    this.accumulator = new RecordAccumulator(new MemoryBudget(config.bufferMemory()), config.batchSize(),
        config.linger().toMillis(), config.compression(), () -> wake[0].run());
    this.partitioner = new Partitioner(config.batchSize(), n -> ThreadLocalRandom.current().nextInt(n));
    this.sender = new Sender(runtime.config().clientId(), accumulator, runtime, config,
        config.idempotence() ? producerIds : null);
    wake[0] = sender::wakeup;
    this.unsubscribeMetadata = runtime.metadata().onUpdate(sender::wakeup);
    this.senderThread = new Thread(sender, "strand-producer-" + runtime.config().clientId());
    senderThread.setDaemon(true);
    senderThread.start();
  }

  @Override
  public CompletableFuture<SendResult> send(ProducerRecord<K, V> record) {
    return send(record, null);
  }

  @Override
  public CompletableFuture<SendResult> send(ProducerRecord<K, V> record, SendCallback callback) {
    if (closed.get()) {
      throw new IllegalStateException("cannot send after the producer is closed");
    }
    if (!senderThread.isAlive()) {
      throw new IllegalStateException("the producer's I/O thread has stopped (see the log); close the producer");
    }
    long start = runtime.nowMs();
    long deadline = start + config.maxBlock().toMillis();
    TopicView topic = awaitTopic(record.topic(), deadline);
    byte[] key = serialize(keySerializer, record.topic(), record.key(), "key");
    byte[] value = serialize(valueSerializer, record.topic(), record.value(), "value");
    int numPartitions = topic.partitions().size();
    int partition = partitioner.partition(record.topic(), record.partition(), key, numPartitions);
    int size = RecordSizes.upperBound(key, value, record.headers());
    if (size > config.maxRequestSize() || size > config.bufferMemory()) {
      throw new RecordTooLargeException("a record of about " + size + " bytes exceeds max.request.size ("
          + config.maxRequestSize() + ") or buffer.memory (" + config.bufferMemory() + ")");
    }
    long timestamp = record.timestampMs() != null ? record.timestampMs() : runtime.wallClock().millis();
    CompletableFuture<SendResult> future = new CompletableFuture<>();
    ProducerBatch.Thunk thunk = new ProducerBatch.Thunk(future, callback, timestamp,
        key == null ? -1 : key.length, value == null ? -1 : value.length);
    TopicPartition tp = new TopicPartition(record.topic(), partition);
    long maxBlock = config.blockWhenBufferFull() ? Math.max(0, deadline - runtime.nowMs()) : 0;
    accumulator.append(tp, runtime.nowMs(), timestamp, key, value, record.headers(), thunk, maxBlock);
    if (key == null && record.partition() == null) {
      partitioner.onKeylessAppend(record.topic(), partition, size, numPartitions);
    }
    return future;
  }

  private TopicView awaitTopic(String topic, long deadline) {
    TopicView known = runtime.metadata().current().topics().get(topic);
    if (known != null) {
      runtime.metadata().track(topic);
      return known;
    }
    StrandException last = null;
    int attempt = 0;
    while (true) {
      long remaining = deadline - runtime.nowMs();
      try {
        return runtime.metadata().topic(topic).get(Math.max(1, remaining), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        throw new InterruptException("waiting for metadata of topic " + topic, e);
      } catch (java.util.concurrent.TimeoutException e) {
        throw metadataTimeout(topic, last);
      } catch (ExecutionException e) {
        last = ErrorMapper.fromThrowable(e, "metadata for topic " + topic);
      }
      long backoff = runtime.backoff().backoffMs(++attempt);
      if (runtime.nowMs() + backoff >= deadline) {
        throw metadataTimeout(topic, last);
      }
      pause(backoff);
    }
  }

  private StrandException metadataTimeout(String topic, StrandException last) {
    String message = "topic " + topic + " not present in metadata after " + config.maxBlock().toMillis()
        + " ms (max.block.ms)" + (last == null ? "" : ": " + last.getMessage());
    return last instanceof UnknownTopicException ? new UnknownTopicException(message)
        : new TimeoutException(message, last);
  }

  private static void pause(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      throw new InterruptException("waiting for topic metadata", e);
    }
  }

  private static <T> byte[] serialize(Serializer<T> serializer, String topic, T data, String what) {
    try {
      return serializer.serialize(topic, data);
    } catch (SerializationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new SerializationException("could not serialize the " + what + " for topic " + topic + ": " + e, e);
    }
  }

  @Override
  public void flush() {
    accumulator.flush();
  }

  @Override
  public void close(Duration timeout) {
    if (closed.compareAndSet(false, true)) {
      accumulator.close();
      sender.initiateClose();
      try {
        senderThread.join(Math.max(1, Math.min(Long.MAX_VALUE / 2, timeout.toMillis())));
        if (senderThread.isAlive()) {
          sender.forceClose();
          senderThread.join();
        }
      } catch (InterruptedException e) {
        sender.forceClose();
        throw new InterruptException("closing the producer", e);
      } finally {
        unsubscribeMetadata.run();
        onClose.run();
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofMillis(Long.MAX_VALUE));
  }
}
