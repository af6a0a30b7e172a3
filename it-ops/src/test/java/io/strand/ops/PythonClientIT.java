package io.strand.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.strand.server.testkit.MiniCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client no Strand code wrote: Python stubs generated from {@code proto/} by Debian's protobuf compiler and
 * gRPC plugin ({@code deploy/examples/python/generate.sh}), run by Debian's python3-grpcio through nginx in
 * front of three nodes. It lists the services by server reflection, creates a topic, produces and fetches back
 * every record at its acknowledged offset.
 */
class PythonClientIT {

  @TempDir
  Path dir;

  @Test
  @Timeout(300)
  void generatedPythonStubsCreateProduceAndFetchThroughTheBalancer() {
    DebianTools.requirePythonModules("python3-grpcio python3-protobuf", "grpc", "google.protobuf");
    DebianTools.require("protoc", "protobuf-compiler");
    DebianTools.require("grpc_python_plugin", "protobuf-compiler-grpc");
    DebianTools.require("nginx", "nginx");
    Path examples = Checkout.path("deploy/examples/python");
    Path stubs = dir.resolve("stubs");
    ProcessResult.run(List.of("bash", examples.resolve("generate.sh").toString(), stubs.toString()), null, 120)
        .assertSuccess();

    try (MiniCluster cluster = MiniCluster.builder().nodes(3).dataRoot(dir.resolve("nodes")).start();
         NginxBalancer lb = NginxBalancer.start(dir.resolve("nginx"),
             cluster.nodeIds().stream().map(id -> cluster.config(id).grpcPort()).toList())) {
      ProcessResult run = ProcessResult.run(List.of(DebianTools.DEBIAN_PYTHON.toString(),
          examples.resolve("strand_client.py").toString(), "--target", lb.address(), "--stubs", stubs.toString(),
          "--topic", "from-python", "--partitions", "3", "--replication-factor", "3", "--count", "200",
          "--timeout", "120", "--json"), null, 200);
      assertThat(run.exitCode()).as(() -> run.output() + "\n" + lb.accessLog()).isZero();

      List<String> lines = run.stdout().lines().toList();
      JsonObject summary = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
      assertThat(summary.getAsJsonArray("services").asList().stream().map(JsonElement::getAsString))
          .contains("strand.v1.AdminService", "strand.v1.FetchService", "strand.v1.MetadataService",
              "strand.v1.ProduceService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");
      assertThat(summary.getAsJsonArray("produce_methods").asList().stream().map(JsonElement::getAsString))
          .containsExactly("Produce");
      assertThat(Map.of("partitions", summary.get("partitions").getAsInt(),
          "produced", summary.get("produced").getAsInt(), "matched", summary.get("matched").getAsInt()))
          .containsEntry("partitions", 3).containsEntry("produced", 200).containsEntry("matched", 200);
      assertThat(lb.accessLog())
          .contains("\"POST /grpc.reflection.v1.ServerReflection/ServerReflectionInfo HTTP/2.0\" 200")
          .contains("\"POST /strand.v1.AdminService/CreateTopic HTTP/2.0\" 200")
          .contains("\"POST /strand.v1.ProduceService/Produce HTTP/2.0\" 200")
          .contains("\"POST /strand.v1.FetchService/Fetch HTTP/2.0\" 200");
    }
  }
}
