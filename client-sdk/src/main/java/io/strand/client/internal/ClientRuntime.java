package io.strand.client.internal;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.strand.client.ClientConfig;
import io.strand.client.Routing;
import io.strand.client.TopicPartition;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What every producer, consumer and admin of one {@code StrandClient} shares: config, channels, bootstrap
 * addresses, the metadata cache, a timer thread and the clocks. Also decides where a call goes ({@link
 * #partitionTarget}, {@link #anyTarget}) according to the routing mode.
 *
 * <p>Not API. Thread-safe.
 */
public final class ClientRuntime implements AutoCloseable {
  private final ClientConfig config;
  private final ChannelPool channels;
  private final BootstrapEndpoints bootstrap;
  private final MetadataCache metadata;
  private final ScheduledExecutorService timer;
  private final LongSupplier nowMs;
  private final Clock wallClock;
  private final Backoff backoff;

  /**
   * @param config client config
   * @param channelFactory opens channels (see {@link #nettyChannels})
   * @param nowMs monotonic milliseconds
   * @param wallClock wall-clock for record timestamps
   */
  public ClientRuntime(ClientConfig config, Function<Endpoint, ManagedChannel> channelFactory, LongSupplier nowMs,
                       Clock wallClock) {
    this.config = config;
    this.channels = new ChannelPool(channelFactory);
    this.bootstrap = new BootstrapEndpoints(config.bootstrapServers().stream().map(Endpoint::parse).toList());
    this.nowMs = nowMs;
    this.wallClock = wallClock;
    this.metadata = new MetadataCache(channels, bootstrap, config.routing(), config.requestTimeout(),
        config.metadataMaxAge(), config.retryBackoff(), nowMs);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strand-client-timer-" + config.clientId());
      t.setDaemon(true);
      return t;
    });
    this.backoff = new Backoff(config.retryBackoff(), config.retryBackoffMax(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** @return the production runtime: Netty channels, plaintext, System clocks */
  public static ClientRuntime create(ClientConfig config) {
    return new ClientRuntime(config, nettyChannels(config.maxInboundMessageBytes()),
        () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()), Clock.systemUTC());
  }

  /** @return a factory of plaintext Netty channels accepting responses up to {@code maxInboundBytes} */
  public static Function<Endpoint, ManagedChannel> nettyChannels(int maxInboundBytes) {
    return endpoint -> NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
        .usePlaintext()
        .maxInboundMessageSize(maxInboundBytes)
        .keepAliveTime(30, TimeUnit.SECONDS)
        .build();
  }

  /** @return the client config */
  public ClientConfig config() {
    return config;
  }

  /** @return the shared channels */
  public ChannelPool channels() {
    return channels;
  }

  /** @return the bootstrap addresses */
  public BootstrapEndpoints bootstrap() {
    return bootstrap;
  }

  /** @return the metadata cache */
  public MetadataCache metadata() {
    return metadata;
  }

  /** @return the shared timer (back-offs, lingering); tasks must be short */
  public ScheduledExecutorService timer() {
    return timer;
  }

  /** @return monotonic milliseconds */
  public long nowMs() {
    return nowMs.getAsLong();
  }

  /** @return the monotonic clock */
  public LongSupplier monotonicClock() {
    return nowMs;
  }

  /** @return the wall clock */
  public Clock wallClock() {
    return wallClock;
  }

  /** @return the retry back-off policy */
  public Backoff backoff() {
    return backoff;
  }

  /**
   * Where a call for {@code tp} goes: the bootstrap address in proxy routing, the partition's leader in
   * direct routing (empty while no leader is known; a metadata refresh is requested then).
   */
  public Optional<Endpoint> partitionTarget(TopicPartition tp) {
    if (config.routing() == Routing.PROXY) {
      return Optional.of(bootstrap.current());
    }
    Optional<Endpoint> leader = metadata.current().leaderEndpoint(tp);
    if (leader.isEmpty()) {
      metadata.requestUpdate();
    }
    return leader;
  }

  /** @return where a call that any node can answer goes (admin, metadata): the current bootstrap address */
  public Endpoint anyTarget() {
    return bootstrap.current();
  }

  /** @return the deadline for a call that may wait {@code serverWait} on the server first */
  public long deadlineMs(Duration serverWait) {
    return config.requestTimeout().toMillis() + serverWait.toMillis();
  }

  /** Stops the timer and closes every channel, waiting up to {@code timeout} for calls in progress. */
  public void close(Duration timeout) {
    timer.shutdownNow();
    channels.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
