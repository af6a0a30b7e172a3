package io.strand.client.internal;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One gRPC channel per node endpoint, shared by every producer, consumer and admin call of a client (a
 * channel multiplexes all calls over one HTTP/2 connection, so more would only cost sockets).
 *
 * <p>Not API. Thread-safe: channels are created lazily with {@link ConcurrentHashMap#computeIfAbsent}.
 */
public final class ChannelPool implements AutoCloseable {
  private final Function<Endpoint, ManagedChannel> factory;
  private final Map<Endpoint, ManagedChannel> channels = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** @param factory opens a channel to an endpoint (Netty in production, in-process in tests) */
  public ChannelPool(Function<Endpoint, ManagedChannel> factory) {
    this.factory = factory;
  }

  /**
   * @param endpoint the node
   * @return the shared channel to it
   * @throws IllegalStateException after {@link #close}
   */
  public ManagedChannel channel(Endpoint endpoint) {
    if (closed) {
      throw new IllegalStateException("client is closed");
    }
    return channels.computeIfAbsent(endpoint, factory);
  }

  /**
   * Shuts every channel down, waiting up to {@code timeout} for calls in progress, then cancels the rest.
   *
   * @param timeout how long to wait in total
   */
  public void close(Duration timeout) {
    closed = true;
    List<ManagedChannel> all = new ArrayList<>(channels.values());
    channels.clear();
    all.forEach(ManagedChannel::shutdown);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (ManagedChannel channel : all) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0 || !channel.awaitTermination(remaining, TimeUnit.NANOSECONDS)) {
          channel.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      all.forEach(ManagedChannel::shutdownNow);
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
