package io.strand.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * Debian's Prometheus server running {@code deploy/prometheus/prometheus.yml} and {@code strand-alerts.yml}
 * (copied into the test's directory with the scrape and evaluation intervals shortened to 1 s, so that the test
 * needs seconds rather than minutes) against the given targets, on a free loopback port. Queries go through its
 * HTTP API.
 *
 * <p>Not thread-safe.
 */
final class PrometheusServer implements AutoCloseable {

  private final ExternalProcess process;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(ExternalProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts Prometheus scraping {@code targets} (host:metrics-port); skips the test if it is not installed. */
  static PrometheusServer start(Path dir, List<String> targets) {
    Path prometheus = DebianTools.require("prometheus", "prometheus");
    int port = FreePorts.pick();
    try {
      Files.createDirectories(dir.resolve("targets"));
      String config = Checkout.read("deploy/prometheus/prometheus.yml");
      for (String[] change : new String[][] {{"scrape_interval: 15s", "scrape_interval: 1s"},
          {"evaluation_interval: 15s", "evaluation_interval: 1s"}, {"scrape_timeout: 10s", "scrape_timeout: 1s"},
          {"refresh_interval: 30s", "refresh_interval: 1s"}}) {
        assertThat(config).as("deploy/prometheus/prometheus.yml").contains(change[0]);
        config = config.replace(change[0], change[1]);
      }
      Files.writeString(dir.resolve("prometheus.yml"), config, StandardCharsets.UTF_8);
      Files.copy(Checkout.path("deploy/prometheus/strand-alerts.yml"), dir.resolve("strand-alerts.yml"));
      String json = targets.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "));
      Files.writeString(dir.resolve("targets/test.json"), "[{\"targets\": [" + json + "]}]\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ExternalProcess process = ExternalProcess.start("prometheus", List.of(prometheus.toString(),
        "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"), Map.of(), dir, dir.resolve("prometheus.log"));
    PrometheusServer server = new PrometheusServer(process, port);
    Awaitility.await("prometheus ready on " + port).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> server.isReady() || !process.isAlive());
    assertThat(process.isAlive()).as(() -> process.logTail(30)).isTrue();
    return server;
  }

  private boolean isReady() {
    try {
      return http.send(HttpRequest.newBuilder(uri("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The "data" member of an API response, failing on a non-success status. */
  JsonElement api(String pathAndQuery) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(pathAndQuery))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
      if (response.statusCode() != 200 || !"success".equals(body.get("status").getAsString())) {
        throw new AssertionError("Prometheus " + pathAndQuery + " answered " + response.statusCode() + ": "
            + response.body());
      }
      return body.get("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of the first sample of an instant query, or empty when the result is empty. */
  OptionalDouble query(String promql) {
    JsonArray result = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .getAsJsonObject().getAsJsonArray("result");
    if (result.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Double.parseDouble(
        result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsString()));
  }

  /** Every active target's instance label and health ("up", "down", "unknown"). */
  Map<String, String> targetHealth() {
    Map<String, String> health = new LinkedHashMap<>();
    for (JsonElement t : api("/api/v1/targets").getAsJsonObject().getAsJsonArray("activeTargets")) {
      JsonObject target = t.getAsJsonObject();
      health.put(target.getAsJsonObject("labels").get("instance").getAsString(), target.get("health").getAsString());
    }
    return health;
  }

  /** Every loaded rule's name with its health ("ok", "err", "unknown") and last error, if any. */
  Map<String, String> ruleHealth() {
    Map<String, String> health = new LinkedHashMap<>();
    for (JsonElement g : api("/api/v1/rules").getAsJsonObject().getAsJsonArray("groups")) {
      for (JsonElement r : g.getAsJsonObject().getAsJsonArray("rules")) {
        JsonObject rule = r.getAsJsonObject();
        String error = rule.has("lastError") ? rule.get("lastError").getAsString() : "";
        health.put(rule.get("name").getAsString(), rule.get("health").getAsString()
            + (error.isEmpty() ? "" : ": " + error));
      }
    }
    return health;
  }

  /** Names of every series Prometheus has scraped for a job. */
  List<String> metricNames(String job) {
    JsonArray names = api("/api/v1/label/__name__/values?match[]="
        + URLEncoder.encode("{job=\"" + job + "\"}", StandardCharsets.UTF_8)).getAsJsonArray();
    return names.asList().stream().map(JsonElement::getAsString).toList();
  }

  String logTail() {
    return process.logTail(30);
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  @Override
  public void close() {
    process.close();
  }
}
