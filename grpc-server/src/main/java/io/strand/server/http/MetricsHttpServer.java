package io.strand.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The node's operational HTTP endpoint on the metrics port: {@code /metrics} (Prometheus text format),
 * {@code /healthz} (200 while the process serves) and {@code /readyz} (200 once the metadata is loaded and the
 * local Raft groups are started, else 503 with the reason).
 *
 * <p>Thread-safe; requests are served by one daemon thread.
 */
public final class MetricsHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts serving.
   *
   * @param notReadyReason returns why the node is not ready, or empty when it is
   * @throws IOException naming the port when it cannot be bound
   */
  public static MetricsHttpServer start(String host, int port, PrometheusMeterRegistry registry,
                                        Supplier<Optional<String>> notReadyReason) throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (BindException e) {
      throw new IOException("metrics port " + port + " on " + host + " is already in use; stop the other process"
          + " or set metrics.port to a free port (0 disables the endpoint)", e);
    }
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
        registry.scrape()));
    server.createContext("/healthz", ex -> respond(ex, 200, "text/plain; charset=utf-8", "ok\n"));
    server.createContext("/readyz", ex -> {
      Optional<String> reason = notReadyReason.get();
      respond(ex, reason.isPresent() ? 503 : 200, "text/plain; charset=utf-8",
          reason.map(r -> "not ready: " + r + "\n").orElse("ready\n"));
    });
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "strand-metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    return new MetricsHttpServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    if ("HEAD".equals(ex.getRequestMethod())) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
