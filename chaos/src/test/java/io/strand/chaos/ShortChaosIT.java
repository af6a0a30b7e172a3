package io.strand.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strand.chaos.cluster.StrandLauncher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short chaos run of the build: a 3-node cluster of real {@code bin/strand server} processes under about three
 * minutes of every fault kind this host can inject (all of them as root), with idempotent producers, consumers and
 * a final read, checked for anomalies. Fails on any anomaly or a partition left without a leader. The history,
 * report and node logs stay in {@code target/chaos-short/} as the build's artifact.
 *
 * <p>The seed is fixed so CI repeats the same fault plan; {@code -Dstrand.chaos.seed=N} explores another one.
 */
// Runs in every build (issue 7). Every fault kind needs root, `ip`/`tc` (iproute2) and the right to create network
// namespaces and mount a tmpfs; where namespaces cannot be created the run falls back to loopback (kill, pause,
// torn tail and leader storms only) and says so in its output.
@Tag("chaos")
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ShortChaosIT {
  private static final String DEFAULT_SEED = "20261122";

  @Test
  void threeMinutesOfEveryFaultKindLoseNothing() throws Exception {
    Optional<StrandLauncher> strand = StrandLauncher.find(Path.of(""));
    assumeTrue(strand.isPresent(), "bin/strand is not in this tree yet (the server and CLI have not landed)");
    Path repo = strand.get().script().getParent().getParent();
    assumeTrue(Files.isDirectory(repo.resolve("cli/target/lib")), "cli module not packaged; run mvn package");
    Path runDir = Path.of("target", "chaos-short").toAbsolutePath();
    deleteRecursively(runDir);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new TeeStream(captured, System.out), true, StandardCharsets.UTF_8);

    int exit = ChaosRunner.run(out, System.err, "--duration", "3m", "--nodes", "3", "--partitions", "4",
        "--seed", System.getProperty("strand.chaos.seed", DEFAULT_SEED), "--run-dir", runDir.toString(),
        "--strand", strand.get().script().toString());

    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(runDir.resolve("history.jsonl")).as(output).isNotEmptyFile();
    assertThat(output).contains("anomalies:");
    assertThat(exit).as(output).isZero();
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Copies what the run prints to the test output as well, so the report shows in the build log. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
