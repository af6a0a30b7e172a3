package io.strand.store.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftMetaRepairTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

  @TempDir
  Path raft;

  @Test
  void anEmptyRaftMetaGetsATermAboveAnyReachableOneAndAVoteForItself() throws Exception {
    Path empty = meta("group-a", "");
    Path healthy = meta("group-b", "#\nvotedFor=n2\nterm=7\n");

    assertThat(RaftMetaRepair.repairAll(raft, "n1", CLOCK)).containsExactly(empty);

    Properties repaired = load(empty);
    assertThat(repaired.getProperty("term")).isEqualTo("1800000000");
    assertThat(repaired.getProperty("votedFor")).isEqualTo("n1");
    assertThat(Files.readString(healthy)).isEqualTo("#\nvotedFor=n2\nterm=7\n");
    assertThat(RaftMetaRepair.repairAll(raft, "n1", CLOCK)).as("nothing left to repair").isEmpty();
  }

  private Path meta(String group, String content) throws Exception {
    Path dir = Files.createDirectories(raft.resolve(group).resolve("current"));
    return Files.writeString(dir.resolve(RaftMetaRepair.FILE), content);
  }

  private static Properties load(Path file) throws Exception {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }
}
