package io.strand.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The strand-check program on the hand-made history files under src/test/resources/histories. */
class CheckCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return HistoryChecker.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private static String history(String name) throws URISyntaxException {
    Path path = Paths.get(CheckCommandTest.class.getResource("/histories/" + name).toURI());
    return path.toString();
  }

  @Test
  void cleanHistoryExitsZero() throws Exception {
    assertThat(run(history("clean.jsonl"))).as(out + "" + err).isZero();
    assertThat(out.toString()).contains("writes: 3 acknowledged, 0 failed, 2 unknown (1 of them read)")
        .contains("faults: {kill=1}").contains("VALID");
  }

  @Test
  void lostAndUnseenExitOneWithCountsAndExamples() throws Exception {
    assertThat(run("--examples", "1", history("lost.jsonl"))).isEqualTo(1);
    assertThat(out.toString()).containsPattern("lost\\s+1").containsPattern("unseen\\s+1")
        .contains("e.g. producer-1 send '1-1'").contains("INVALID: 2 anomalies");
  }

  @Test
  void unknownWriteReadTwiceExitsOne() throws Exception {
    assertThat(run(history("unknown-twice.jsonl"))).isEqualTo(1);
    assertThat(out.toString()).containsPattern("duplicate\\s+1");
  }

  @Test
  void malformedOrMissingHistoryExitsTwo() throws Exception {
    assertThat(run(history("malformed.jsonl"))).isEqualTo(2);
    assertThat(err.toString()).contains("malformed history").contains("malformed.jsonl:2");
    assertThat(run("/nonexistent/history.jsonl")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
  }
}
