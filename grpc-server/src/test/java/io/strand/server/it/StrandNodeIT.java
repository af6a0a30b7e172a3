package io.strand.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.strand.server.StrandNode;
import io.strand.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A single node's process-level behaviour: endpoints, health, reflection, readiness and start-up failures. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StrandNodeIT {

  @TempDir
  Path dir;

  @Test
  void singleNodeServesHealthReflectionMetricsAndReadiness() throws Exception {
    try (StrandNode node = StrandNode.start(config(0, 0).metricsPort(freePort()).build())) {
      await().atMost(Duration.ofSeconds(60)).until(node::isReady);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + node.metricsPort();

      assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(200));
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
      try {
        // gRPC health is republished periodically from readiness, so it may trail isReady() by one refresh.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(HealthGrpc.newBlockingStub(channel)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus())
            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING));
        assertThat(reflectedServices(channel)).contains("strand.v1.ProduceService", "strand.v1.FetchService",
            "strand.v1.MetadataService", "strand.v1.AdminService", "grpc.health.v1.Health");
        io.strand.api.v1.MetadataServiceGrpc.newBlockingStub(channel)
            .getMetadata(io.strand.api.v1.MetadataRequest.getDefaultInstance());
      } finally {
        channel.shutdownNow();
      }
      // The call's timer is recorded when the server closes the call, which may be just after the client returns.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(http, base + "/metrics").body())
          .contains("strand_grpc_server_requests_seconds_count")
          .contains("method=\"strand.v1.MetadataService/GetMetadata\"")
          .contains("strand_node_ready 1.0"));
    }
  }

  @Test
  void busyGrpcPortFailsWithAMessageNamingTheKey() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> StrandNode.start(config(taken.getLocalPort(), 0).build()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("grpc.port " + taken.getLocalPort())
          .hasMessageContaining("already in use");
    }
  }

  @Test
  void busyRaftPortFailsCleanly() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> StrandNode.start(config(0, taken.getLocalPort()).build()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(String.valueOf(taken.getLocalPort()));
    }
  }

  @Test
  void unwritableDataDirFailsWithAMessageNamingTheKey() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> StrandNode.start(config(0, 0).dataDir(file.resolve("data")).build()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("data.dir")
        .hasMessageContaining("not a writable directory");
  }

  @Test
  void invalidTopicDefaultsFailBeforeAnythingStarts() {
    assertThatThrownBy(() -> StrandNode.start(config(0, 0).topicConfigDefaults(
        java.util.Map.of("retention.ms", "forever")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topic.config.defaults")
        .hasMessageContaining("retention.ms");
  }

  private ServerConfig.Builder config(int grpcPort, int raftPort) throws IOException {
    return ServerConfig.builder().bindHost("127.0.0.1").dataDir(dir.resolve("data"))
        .grpcPort(grpcPort).raftPort(raftPort == 0 ? freePort() : raftPort).metricsPort(0);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> reflectedServices(ManagedChannel channel) throws Exception {
    CompletableFuture<ServerReflectionResponse> reply = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse value) {
            reply.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            reply.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
          }
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    List<String> names = reply.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
        .map(ServiceResponse::getName).toList();
    requests.onCompleted();
    return names;
  }
}
