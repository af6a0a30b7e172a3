package io.strand.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Debian's nginx as the gRPC load balancer, configured from {@code deploy/nginx/strand-grpc.conf.template}
 * exactly as the container image renders it (envsubst of the STRAND_LB_* variables), inside a minimal main
 * config that keeps every file in the test's directory. Listens on 127.0.0.1 at a free port.
 *
 * <p>Not thread-safe.
 */
final class NginxBalancer implements AutoCloseable {

  private final ExternalProcess process;
  private final int port;
  private final Path dir;

  private NginxBalancer(ExternalProcess process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Starts nginx in front of the given node gRPC ports; skips the test when nginx is not installed. */
  static NginxBalancer start(Path dir, List<Integer> grpcPorts) {
    Path nginx = DebianTools.require("nginx", "nginx");
    int port = FreePorts.pick();
    String upstreams = grpcPorts.stream()
        .map(p -> "server 127.0.0.1:" + p + " max_fails=1 fail_timeout=2s;")
        .collect(Collectors.joining(" "));
    String rendered = render(Checkout.read("deploy/nginx/strand-grpc.conf.template"), Map.of(
        "STRAND_LB_PORT", "127.0.0.1:" + port,
        "STRAND_LB_UPSTREAMS", upstreams,
        "STRAND_LB_RESOLVER", ""));
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("strand-grpc.conf"), rendered, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("nginx.conf"), mainConfig(dir), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = List.of(nginx.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
        "-e", dir.resolve("error.log").toString());
    ProcessResult.run(withTest(command), dir, 30).assertSuccess();
    ExternalProcess process = ExternalProcess.start("nginx", command, Map.of(), dir, dir.resolve("nginx.out"));
    NginxBalancer balancer = new NginxBalancer(process, port, dir);
    Awaitility.await("nginx listening on " + port).atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> FreePorts.accepting(port) || !process.isAlive());
    assertThat(process.isAlive()).as(() -> process.logTail(20) + "\n" + balancer.errorLog()).isTrue();
    return balancer;
  }

  /** envsubst restricted to the given variables; fails if the template uses one that is not given. */
  static String render(String template, Map<String, String> variables) {
    String rendered = template;
    for (Map.Entry<String, String> v : variables.entrySet()) {
      assertThat(rendered).as("template uses ${%s}", v.getKey()).contains("${" + v.getKey() + "}");
      rendered = rendered.replace("${" + v.getKey() + "}", v.getValue());
    }
    assertThat(rendered).as("unsubstituted variables").doesNotContain("${");
    return rendered;
  }

  private static String mainConfig(Path dir) {
    return String.join("\n",
        "daemon off;",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " info;",
        "events { worker_connections 1024; }",
        "http {",
        "  log_format grpc '$remote_addr \"$request\" $status grpc-status=$upstream_trailer_grpc_status'",
        "                  ' upstream=$upstream_addr upstream_status=$upstream_status';",
        "  access_log " + dir.resolve("access.log") + " grpc;",
        "  client_body_temp_path " + dir.resolve("tmp-body") + ";",
        "  proxy_temp_path " + dir.resolve("tmp-proxy") + ";",
        "  fastcgi_temp_path " + dir.resolve("tmp-fastcgi") + ";",
        "  uwsgi_temp_path " + dir.resolve("tmp-uwsgi") + ";",
        "  scgi_temp_path " + dir.resolve("tmp-scgi") + ";",
        "  include " + dir.resolve("strand-grpc.conf") + ";",
        "}",
        "");
  }

  private static List<String> withTest(List<String> command) {
    return Stream.concat(command.stream(), Stream.of("-t")).toList();
  }

  int port() {
    return port;
  }

  /** host:port for gRPC clients. */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** The access log: one line per call with the request line, HTTP status, grpc-status and the node used. */
  String accessLog() {
    return read("access.log");
  }

  String errorLog() {
    return read("error.log");
  }

  private String read(String file) {
    try {
      Path path = dir.resolve(file);
      return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
