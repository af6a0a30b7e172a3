package io.strand.client;

import io.strand.client.error.ConfigException;
import io.strand.client.internal.ConfigReader;
import io.strand.client.internal.Endpoint;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connection settings shared by everything a {@link StrandClient} creates. Built from a {@code Map<String,
 * String>} whose keys follow the Kafka client where Kafka has the same setting.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #BOOTSTRAP_SERVERS}</td><td>(required)</td><td>comma-separated {@code host:port} list of
 *       nodes (or one load-balanced address) used to learn the cluster</td></tr>
 *   <tr><td>{@value #ROUTING}</td><td>{@code direct}</td><td>{@code direct}: partition calls go to the leader;
 *       {@code proxy}: every call goes to the bootstrap address(es), which forward it</td></tr>
 *   <tr><td>{@value #CLIENT_ID}</td><td>{@code strand-client}</td><td>names this client in logs and thread
 *       names</td></tr>
 *   <tr><td>{@value #REQUEST_TIMEOUT_MS}</td><td>30000</td><td>deadline of one call (fetch long-polls add their
 *       wait time)</td></tr>
 *   <tr><td>{@value #DEFAULT_API_TIMEOUT_MS}</td><td>60000</td><td>overall budget of a blocking or admin
 *       operation, retries included</td></tr>
 *   <tr><td>{@value #METADATA_MAX_AGE_MS}</td><td>300000</td><td>metadata older than this is refreshed even
 *       without an error</td></tr>
 *   <tr><td>{@value #RETRY_BACKOFF_MS}</td><td>100</td><td>first back-off after a retriable failure</td></tr>
 *   <tr><td>{@value #RETRY_BACKOFF_MAX_MS}</td><td>1000</td><td>back-off doubles per attempt up to this</td></tr>
 *   <tr><td>{@value #MAX_INBOUND_MESSAGE_BYTES}</td><td>67108864</td><td>largest response the client accepts;
 *       must exceed the consumer's {@code fetch.max.bytes}</td></tr>
 * </table>
 *
 * <p>Immutable; thread-safe.
 */
public final class ClientConfig {
  /** Bootstrap {@code host:port} list. */
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  /** {@code direct} or {@code proxy}. */
  public static final String ROUTING = "routing";
  /** Client name for logs and thread names. */
  public static final String CLIENT_ID = "client.id";
  /** Per-call deadline in milliseconds. */
  public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
  /** Budget of blocking and admin operations in milliseconds. */
  public static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";
  /** Maximum metadata age in milliseconds. */
  public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
  /** Initial retry back-off in milliseconds. */
  public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
  /** Maximum retry back-off in milliseconds. */
  public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
  /** Largest accepted response message in bytes. */
  public static final String MAX_INBOUND_MESSAGE_BYTES = "max.inbound.message.bytes";

  /** Every key this class reads. */
  public static final Set<String> KEYS = Set.of(BOOTSTRAP_SERVERS, ROUTING, CLIENT_ID, REQUEST_TIMEOUT_MS,
      DEFAULT_API_TIMEOUT_MS, METADATA_MAX_AGE_MS, RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS,
      MAX_INBOUND_MESSAGE_BYTES);

  private final List<String> bootstrapServers;
  private final Routing routing;
  private final String clientId;
  private final Duration requestTimeout;
  private final Duration defaultApiTimeout;
  private final Duration metadataMaxAge;
  private final Duration retryBackoff;
  private final Duration retryBackoffMax;
  private final int maxInboundMessageBytes;

  private ClientConfig(ConfigReader reader) {
    this.bootstrapServers = reader.list(BOOTSTRAP_SERVERS, List.of());
    if (bootstrapServers.isEmpty()) {
      throw new ConfigException(BOOTSTRAP_SERVERS + " is required (host:port[,host:port...])");
    }
    bootstrapServers.forEach(s -> reader.parsed(BOOTSTRAP_SERVERS, null, v -> Endpoint.parse(s)));
    this.routing = reader.parsed(ROUTING, Routing.DIRECT, Routing::parse);
    this.clientId = reader.string(CLIENT_ID, "strand-client");
    this.requestTimeout = Duration.ofMillis(reader.longValue(REQUEST_TIMEOUT_MS, 30_000, 1, Integer.MAX_VALUE));
    this.defaultApiTimeout =
        Duration.ofMillis(reader.longValue(DEFAULT_API_TIMEOUT_MS, 60_000, 1, Integer.MAX_VALUE));
    this.metadataMaxAge = Duration.ofMillis(reader.longValue(METADATA_MAX_AGE_MS, 300_000, 0, Long.MAX_VALUE));
    this.retryBackoff = Duration.ofMillis(reader.longValue(RETRY_BACKOFF_MS, 100, 0, Integer.MAX_VALUE));
    this.retryBackoffMax = Duration.ofMillis(reader.longValue(RETRY_BACKOFF_MAX_MS, 1000, 0, Integer.MAX_VALUE));
    if (retryBackoffMax.compareTo(retryBackoff) < 0) {
      throw new ConfigException(RETRY_BACKOFF_MAX_MS + " (" + retryBackoffMax.toMillis() + ") must be >= "
          + RETRY_BACKOFF_MS + " (" + retryBackoff.toMillis() + ")");
    }
    this.maxInboundMessageBytes =
        reader.intValue(MAX_INBOUND_MESSAGE_BYTES, 64 << 20, 1 << 20, Integer.MAX_VALUE);
  }

  /**
   * Builds a config from string keys and values. Producer and consumer keys are accepted and ignored here,
   * so the same map can configure a {@link StrandClient} and what it creates; any other key is an error.
   *
   * @param configs the keys and values
   * @return the validated config
   * @throws ConfigException naming the first invalid or unknown key
   */
  public static ClientConfig from(Map<String, String> configs) {
    ConfigReader reader = new ConfigReader(configs);
    ClientConfig config = new ClientConfig(reader);
    reader.accept(io.strand.client.producer.ProducerConfig.KEYS);
    reader.accept(io.strand.client.consumer.ConsumerConfig.KEYS);
    reader.rejectUnknown("client");
    return config;
  }

  /** @return a builder; only the bootstrap list is required */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the bootstrap {@code host:port} entries, in the order given */
  public List<String> bootstrapServers() {
    return bootstrapServers;
  }

  /** @return direct (to the leader) or proxy (via the bootstrap address) */
  public Routing routing() {
    return routing;
  }

  /** @return the client id */
  public String clientId() {
    return clientId;
  }

  /** @return the deadline of one call */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** @return the budget of a blocking or admin operation, retries included */
  public Duration defaultApiTimeout() {
    return defaultApiTimeout;
  }

  /** @return how old metadata may get before it is refreshed without an error */
  public Duration metadataMaxAge() {
    return metadataMaxAge;
  }

  /** @return the first back-off after a retriable failure */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /** @return the largest back-off */
  public Duration retryBackoffMax() {
    return retryBackoffMax;
  }

  /** @return the largest response message accepted, in bytes */
  public int maxInboundMessageBytes() {
    return maxInboundMessageBytes;
  }

  /**
   * Fluent construction of a {@link ClientConfig}; every setter stores the string form of its key, so a
   * builder and a map produce the same validation messages.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    /** @param servers comma-separated {@code host:port} list */
    public Builder bootstrapServers(String servers) {
      return set(BOOTSTRAP_SERVERS, servers);
    }

    /** @param routing direct or proxy */
    public Builder routing(Routing routing) {
      return set(ROUTING, routing.configName());
    }

    /** @param clientId the client id */
    public Builder clientId(String clientId) {
      return set(CLIENT_ID, clientId);
    }

    /** @param timeout the deadline of one call */
    public Builder requestTimeout(Duration timeout) {
      return set(REQUEST_TIMEOUT_MS, Long.toString(timeout.toMillis()));
    }

    /** @param timeout the budget of blocking and admin operations */
    public Builder defaultApiTimeout(Duration timeout) {
      return set(DEFAULT_API_TIMEOUT_MS, Long.toString(timeout.toMillis()));
    }

    /**
     * Sets any key by name.
     *
     * @param key a key of this class
     * @param value its string value
     */
    public Builder set(String key, String value) {
      values.put(key, value);
      return this;
    }

    /** @return the validated config */
    public ClientConfig build() {
      return from(values);
    }
  }
}
