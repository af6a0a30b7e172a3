package io.strand.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.strand.server.config.ConfigDef;
import io.strand.server.config.ServerConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deployment files are valid for the tools that consume them, consistent with each other and with the
 * server's configuration keys, and every container runs the same {@code bin/strand server} the tests run.
 * No container engine or Kubernetes cluster is available here, so images are not built and manifests are not
 * applied: the compose file goes through {@code docker-compose config}, the manifests through
 * {@code kubectl kustomize} when kubectl is installed, and both through structural checks on the parsed YAML.
 */
@Timeout(120)
class DeployFilesIT {

  private static final String START_COMMAND = "/opt/strand/bin/strand server";
  private static final Pattern PEER = Pattern.compile("(\\d+)=([^:,]+):(\\d+)");

  @Test
  void imageRunsBinStrandServerAsNonRootWithDataVolumeAndHealthcheck() {
    Dockerfile image = Dockerfile.finalStage(Checkout.read("deploy/docker/Dockerfile"));

    assertThat(image.workdir()).isEqualTo("/opt/strand");
    assertThat(image.startCommand()).isEqualTo(START_COMMAND);
    assertThat(image.copies()).anySatisfy(c -> assertThat(c).endsWith(" bin/strand"));
    assertThat(image.copies()).anySatisfy(c -> assertThat(c).endsWith(" cli"));
    // bin/strand finds its jars under <its root>/cli/target, which the image lays out under /opt/strand.
    assertThat(Checkout.read("bin/strand")).contains("$root/cli/target");
    assertThat(image.user()).doesNotStartWith("0").doesNotStartWith("root");
    assertThat(image.volumes()).containsExactly("/data");
    assertThat(image.env()).containsEntry("STRAND_DATA_DIR", "/data");
    assertThat(image.exposed()).containsExactlyInAnyOrder(image.env().get("STRAND_GRPC_PORT"),
        image.env().get("STRAND_RAFT_PORT"), image.env().get("STRAND_METRICS_PORT"));
    assertThat(image.healthcheck()).contains("/healthz").contains("${STRAND_METRICS_PORT}");
    assertThat(knownVariables()).containsAll(image.env().keySet().stream()
        .filter(k -> k.startsWith("STRAND_")).toList());
  }

  @Test
  void composeFileIsValidForDockerCompose() {
    Path dockerCompose = DebianTools.require("docker-compose", "docker-compose");
    Path file = Checkout.path("deploy/compose/docker-compose.yml");

    ProcessResult services = ProcessResult.run(
        List.of(dockerCompose.toString(), "-f", file.toString(), "config", "--services"), null, 60).assertSuccess();

    assertThat(services.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()))
        .containsExactlyInAnyOrder("strand1", "strand2", "strand3", "lb", "prometheus", "grafana");
    ProcessResult.run(List.of(dockerCompose.toString(), "-f", file.toString(), "config", "--quiet"), null, 60)
        .assertSuccess();
  }

  @Test
  void composeNodesRunTheImageCommandAsOneClusterBehindTheBalancer() {
    DebianTools.requirePythonModules("python3-yaml", "yaml");
    JsonObject services = YamlDocuments.at(
        YamlDocuments.load(Checkout.path("deploy/compose/docker-compose.yml")).get(0), "services").getAsJsonObject();

    Map<Integer, String> peers = null;
    for (String name : List.of("strand1", "strand2", "strand3")) {
      JsonObject node = services.getAsJsonObject(name);
      assertThat(node.has("command") || node.has("entrypoint")).as("%s overrides the image's command", name)
          .isFalse();
      assertThat(YamlDocuments.at(node, "build.dockerfile").getAsString()).isEqualTo("deploy/docker/Dockerfile");
      Map<String, String> env = strings(node.getAsJsonObject("environment"));
      assertThat(knownVariables()).containsAll(env.keySet());
      assertThat(env.get("STRAND_ADVERTISED_HOST")).isEqualTo(name);
      Map<Integer, String> nodePeers = peers(env.get("STRAND_PEERS"));
      assertThat(nodePeers.get(Integer.parseInt(env.get("STRAND_NODE_ID")))).isEqualTo(name + ":7071");
      assertThat(peers == null || peers.equals(nodePeers)).as("every node has the same peers").isTrue();
      peers = nodePeers;
    }
    JsonObject lb = services.getAsJsonObject("lb");
    Map<String, String> lbEnv = strings(lb.getAsJsonObject("environment"));
    assertThat(templateVariables()).isEqualTo(lbEnv.keySet());
    for (String name : List.of("strand1", "strand2", "strand3")) {
      assertThat(lbEnv.get("STRAND_LB_UPSTREAMS")).contains("server " + name + ":7070 ");
    }
    assertThat(mountSources(services, "lb")).contains("../nginx/strand-grpc.conf.template");
    assertThat(mountSources(services, "prometheus")).contains("../prometheus");
    assertThat(Checkout.read("deploy/prometheus/targets/compose.json"))
        .contains("\"strand1:7072\"", "\"strand2:7072\"", "\"strand3:7072\"");
    for (String mount : mountSources(services, "grafana")) {
      if (mount.startsWith(".")) {
        assertThat(Checkout.path("deploy/compose").resolve(mount).normalize()).exists();
      }
    }
  }

  @Test
  void kubernetesManifestsAreConsistent() {
    DebianTools.requirePythonModules("python3-yaml", "yaml");
    Map<String, JsonObject> byKindAndName = new LinkedHashMap<>();
    for (String file : List.of("configmap.yaml", "services.yaml", "statefulset.yaml", "pdb.yaml")) {
      for (JsonObject doc : YamlDocuments.load(Checkout.path("deploy/kubernetes/" + file))) {
        byKindAndName.put(doc.get("kind").getAsString() + "/" + YamlDocuments.at(doc, "metadata.name").getAsString(),
            doc);
      }
    }
    assertThat(byKindAndName.keySet()).containsExactlyInAnyOrder("ConfigMap/strand-config",
        "Service/strand-headless", "Service/strand", "StatefulSet/strand", "PodDisruptionBudget/strand");

    JsonObject sts = byKindAndName.get("StatefulSet/strand");
    JsonObject headless = byKindAndName.get("Service/strand-headless");
    assertThat(YamlDocuments.at(sts, "spec.serviceName").getAsString()).isEqualTo("strand-headless");
    assertThat(YamlDocuments.at(headless, "spec.clusterIP").getAsString()).isEqualTo("None");
    assertThat(YamlDocuments.at(headless, "spec.publishNotReadyAddresses").getAsBoolean()).isTrue();
    assertThat(YamlDocuments.at(sts, "spec.podManagementPolicy").getAsString()).isEqualTo("Parallel");
    JsonObject podLabels = YamlDocuments.at(sts, "spec.template.metadata.labels").getAsJsonObject();
    for (String selector : List.of("Service/strand-headless:spec.selector", "Service/strand:spec.selector",
        "PodDisruptionBudget/strand:spec.selector.matchLabels", "StatefulSet/strand:spec.selector.matchLabels")) {
      String[] parts = selector.split(":");
      strings(YamlDocuments.at(byKindAndName.get(parts[0]), parts[1]).getAsJsonObject())
          .forEach((k, v) -> assertThat(podLabels.get(k).getAsString()).as(selector + " " + k).isEqualTo(v));
    }
    assertThat(YamlDocuments.at(byKindAndName.get("PodDisruptionBudget/strand"), "spec.maxUnavailable").getAsInt())
        .isEqualTo(1);

    JsonObject container = YamlDocuments.at(sts, "spec.template.spec.containers").getAsJsonArray()
        .get(0).getAsJsonObject();
    List<String> command = StreamSupport.stream(container.getAsJsonArray("command").spliterator(), false)
        .map(JsonElement::getAsString).toList();
    assertThat(command.get(command.size() - 1).strip()).endsWith("exec " + START_COMMAND);
    Map<String, Integer> ports = new LinkedHashMap<>();
    container.getAsJsonArray("ports").forEach(p -> ports.put(p.getAsJsonObject().get("name").getAsString(),
        p.getAsJsonObject().get("containerPort").getAsInt()));
    assertThat(ports).containsEntry("grpc", 7070).containsEntry("raft", 7071).containsEntry("metrics", 7072);
    assertThat(YamlDocuments.at(container, "readinessProbe.httpGet.path").getAsString()).isEqualTo("/readyz");
    assertThat(YamlDocuments.at(container, "livenessProbe.httpGet.path").getAsString()).isEqualTo("/healthz");
    assertThat(YamlDocuments.at(container, "readinessProbe.httpGet.port").getAsString()).isEqualTo("metrics");
    assertThat(YamlDocuments.at(container, "resources.requests").getAsJsonObject().keySet())
        .contains("cpu", "memory");
    Map<String, String> annotations = strings(
        YamlDocuments.at(sts, "spec.template.metadata.annotations").getAsJsonObject());
    assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "7072").containsEntry("prometheus.io/path", "/metrics");
    assertThat(YamlDocuments.at(sts, "spec.template.spec.securityContext.runAsNonRoot").getAsBoolean()).isTrue();

    Map<String, String> config = strings(
        YamlDocuments.at(byKindAndName.get("ConfigMap/strand-config"), "data").getAsJsonObject());
    assertThat(knownVariables()).containsAll(config.keySet());
    Map<Integer, String> peers = peers(config.get("STRAND_PEERS"));
    int replicas = YamlDocuments.at(sts, "spec.replicas").getAsInt();
    assertThat(peers).hasSize(replicas);
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      assertThat(peers.get(ordinal + 1)).isEqualTo("strand-" + ordinal + ".strand-headless:7071");
    }
  }

  @Test
  void kustomizeBuildsTheManifests() {
    Path kubectl = DebianTools.require("kubectl", "kubernetes-client");

    ProcessResult built = ProcessResult.run(
        List.of(kubectl.toString(), "kustomize", Checkout.path("deploy/kubernetes").toString()), null, 60)
        .assertSuccess();

    assertThat(built.stdout().lines().filter(l -> l.startsWith("kind: ")).map(l -> l.substring(6)))
        .containsExactlyInAnyOrder("ConfigMap", "Service", "Service", "StatefulSet", "PodDisruptionBudget");
  }

  @Test
  void grafanaDashboardUsesTheProvisionedDatasource() throws Exception {
    DebianTools.requirePythonModules("python3-yaml", "yaml");
    JsonObject dashboard = JsonParser.parseString(
        Checkout.read("deploy/grafana/dashboards/strand-overview.json")).getAsJsonObject();
    String uid = YamlDocuments.load(Checkout.path("deploy/grafana/provisioning/datasources/strand-prometheus.yml"))
        .get(0).getAsJsonArray("datasources").get(0).getAsJsonObject().get("uid").getAsString();

    JsonObject datasourceVariable = StreamSupport.stream(
            YamlDocuments.at(dashboard, "templating.list").getAsJsonArray().spliterator(), false)
        .map(JsonElement::getAsJsonObject)
        .filter(v -> v.get("name").getAsString().equals("datasource"))
        .findFirst().orElseThrow();
    assertThat(YamlDocuments.at(datasourceVariable, "current.value").getAsString()).isEqualTo(uid);
    List<JsonObject> panels = StreamSupport.stream(dashboard.getAsJsonArray("panels").spliterator(), false)
        .map(JsonElement::getAsJsonObject).filter(p -> !p.get("type").getAsString().equals("row")).toList();
    assertThat(panels).hasSizeGreaterThan(10).allSatisfy(p -> {
      assertThat(YamlDocuments.at(p, "datasource.uid").getAsString()).isEqualTo("${datasource}");
      assertThat(p.getAsJsonArray("targets")).isNotEmpty();
    });
    String provider = Files.readString(Checkout.path("deploy/grafana/provisioning/dashboards/strand.yml"));
    assertThat(provider).contains("path: /var/lib/grafana/dashboards/strand");
  }

  @Test
  void deployReadmeListsEveryServerKeyWithItsDefault() {
    Map<String, String[]> rows = new LinkedHashMap<>();
    String readme = Checkout.read("deploy/README.md");
    String table = readme.substring(readme.indexOf("<!-- env-vars:start -->"), readme.indexOf("<!-- env-vars:end -->"));
    table.lines().filter(l -> l.startsWith("| `STRAND_")).forEach(l -> {
      String[] cells = l.split("\\|");
      rows.put(unquote(cells[1]), cells);
    });

    List<String> problems = new ArrayList<>();
    for (ConfigDef def : ServerConfigKeys.definitions()) {
      String[] row = rows.remove(def.environmentVariable());
      if (row == null) {
        problems.add(def.environmentVariable() + " is missing");
      } else if (!unquote(row[2]).equals(def.key()) || !unquote(row[3]).equals(displayDefault(def))) {
        problems.add(def.environmentVariable() + ": README says key " + row[2].strip() + ", default "
            + row[3].strip() + "; the code says " + def.key() + ", " + displayDefault(def));
      }
    }
    rows.keySet().forEach(extra -> problems.add(extra + " is not a server key"));
    assertThat(problems).as("deploy/README.md environment table vs ServerConfigKeys.definitions()").isEmpty();
  }

  /** Every STRAND_* variable a node or bin/strand reads. */
  private static Set<String> knownVariables() {
    Set<String> known = ServerConfigKeys.definitions().stream().map(ConfigDef::environmentVariable)
        .collect(Collectors.toCollection(HashSet::new));
    known.add("STRAND_HEAP_OPTS");
    return known;
  }

  private static Set<String> templateVariables() {
    Matcher m = Pattern.compile("\\$\\{(STRAND_LB_[A-Z_]+)}").matcher(Checkout.read("deploy/nginx/strand-grpc.conf.template"));
    Set<String> names = new HashSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static Map<Integer, String> peers(String value) {
    Map<Integer, String> peers = new LinkedHashMap<>();
    Matcher m = PEER.matcher(value);
    while (m.find()) {
      peers.put(Integer.parseInt(m.group(1)), m.group(2) + ":" + m.group(3));
    }
    return peers;
  }

  private static List<String> mountSources(JsonObject services, String service) {
    return StreamSupport.stream(services.getAsJsonObject(service).getAsJsonArray("volumes").spliterator(), false)
        .map(v -> v.getAsString().split(":")[0]).toList();
  }

  private static Map<String, String> strings(JsonObject object) {
    Map<String, String> values = new LinkedHashMap<>();
    object.entrySet().forEach(e -> values.put(e.getKey(), e.getValue().getAsString()));
    return values;
  }

  private static String unquote(String cell) {
    return cell.strip().replace("`", "");
  }

  private static String displayDefault(ConfigDef def) {
    return def.defaultValue().isEmpty() ? "(empty)" : def.defaultValue();
  }
}
