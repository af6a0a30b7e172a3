package io.strand.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void defaultsAreValidAndMatchTheirConstants() {
    ServerConfig c = ServerConfig.builder().build();

    assertThat(c.nodeId()).isEqualTo(ServerConfigKeys.NODE_ID_DEFAULT);
    assertThat(c.grpcPort()).isEqualTo(7070);
    assertThat(c.raftPort()).isEqualTo(7071);
    assertThat(c.metricsPort()).isEqualTo(7072);
    assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.isSingleNode()).isTrue();
    assertThat(c.effectivePeers()).containsExactly(Map.entry(1, "127.0.0.1:7071"));
  }

  @Test
  void parsesPeers() {
    assertThat(ServerConfig.parsePeers("1=a:7071, 2=b:7072,3=[::1]:7073"))
        .containsExactly(Map.entry(1, "a:7071"), Map.entry(2, "b:7072"), Map.entry(3, "[::1]:7073"));
    assertThat(ServerConfig.parsePeers(" ")).isEmpty();
  }

  @Test
  void badPeersSayWhatIsWrongAndShowTheForm() {
    assertThatThrownBy(() -> ServerConfig.parsePeers("1=a:7071,x=b:1"))
        .hasMessageContaining("'x=b:1'").hasMessageContaining("not a number").hasMessageContaining("1=10.0.0.1:7071");
    assertThatThrownBy(() -> ServerConfig.parsePeers("1=a")).hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> ServerConfig.parsePeers("1=a:1,1=b:2")).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> ServerConfig.parsePeers("a:1")).hasMessageContaining("ID=");
  }

  @Test
  void validationReportsEveryProblemWithTheKeyToFix() {
    assertThatThrownBy(() -> ServerConfig.builder().nodeId(0).grpcPort(70000).raftPort(7071).metricsPort(7071)
        .electionTimeoutMaxMs(500).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node.id is 0")
        .hasMessageContaining("grpc.port is 70000")
        .hasMessageContaining("metrics.port 7071 collides")
        .hasMessageContaining("raft.election.timeout.max.ms 500 must be larger");
  }

  @Test
  void peersMustContainThisNodeWithItsRaftPort() {
    assertThatThrownBy(() -> ServerConfig.builder().nodeId(4).peers("1=a:7071,2=b:7071").build())
        .hasMessageContaining("no entry for this node (node.id=4)");
    assertThatThrownBy(() -> ServerConfig.builder().nodeId(1).raftPort(9000).peers("1=a:7071").build())
        .hasMessageContaining("Raft port 7071 but raft.port is 9000");
  }

  @Test
  void fromPropertiesParsesEveryKeyAndRejectsUnknownOnes() {
    ServerConfig c = ServerConfig.fromProperties(Map.of(
        "node.id", "2", "data.dir", "/tmp/x", "grpc.port", "9000", "raft.port", "9001", "metrics.port", "0",
        "peers", "1=h:9001,2=h:9001", "topic.config.defaults", "retention.ms=1000, segment.bytes=2048"));

    assertThat(c.nodeId()).isEqualTo(2);
    assertThat(c.metricsPort()).isZero();
    assertThat(c.peers()).hasSize(2);
    assertThat(c.topicConfigDefaults()).containsEntry("retention.ms", "1000").containsEntry("segment.bytes", "2048");
    assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("node.idd", "1")))
        .hasMessageContaining("Unknown config key 'node.idd'").hasMessageContaining("node.id");
    assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("grpc.port", "seven")))
        .hasMessageContaining("grpc.port: 'seven' is not a whole number");
  }

  @Test
  void everyDefinedKeyCanBeParsedAndHasAnEnvironmentName() {
    assertThat(ServerConfigParser.knownKeys())
        .containsExactlyInAnyOrderElementsOf(ServerConfigKeys.definitions().stream().map(ConfigDef::key).toList());
    Map<String, String> defaults = ServerConfigKeys.definitions().stream()
        .collect(Collectors.toMap(ConfigDef::key, ConfigDef::defaultValue));
    assertThat(ServerConfig.fromProperties(defaults).toString()).isEqualTo(ServerConfig.builder().build().toString());
    assertThat(ServerConfigKeys.definitions().get(0).environmentVariable()).isEqualTo("STRAND_NODE_ID");
  }
}
