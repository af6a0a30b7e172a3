package io.strand.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.chaos.check.Anomaly;
import io.strand.chaos.check.CheckReport;
import io.strand.chaos.check.HistoryChecker;
import io.strand.chaos.fake.FakeStrand;
import io.strand.chaos.fault.HostCommands;
import io.strand.chaos.history.HistoryReader;
import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpFunction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole harness (runner, network namespaces when root, node processes, every nemesis action, client
 * processes, history, checker) against {@link FakeStrand}, a stand-in that keeps its data in shared files and so
 * can lose nothing: a clean verdict here means the harness itself records and judges correctly, with no false
 * anomaly from its own plumbing.
 */
@Tag("chaos")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HarnessSelfIT {
  private static final String ROOT_PLAN = "5s+3s kill n1; 10s+3s pause leader:p1; 15s+4s partition 1|2,3; "
      + "21s+3s slow 1>2,2>1; 26s+3s disk-full n2; 31s+3s torn-tail follower:p0; 36s+7s leader-storm";
  private static final String PLAN = "5s+3s kill n1; 10s+3s pause leader:p1; 31s+3s torn-tail follower:p0; "
      + "36s+7s leader-storm";

  @Test
  void harnessRecordsAndJudgesAFaultlessSystemAsClean(@TempDir Path tmp) throws Exception {
    Path store = Files.createDirectories(tmp.resolve("store"));
    Path script = tmp.resolve("strand");
    Files.writeString(script, "#!/usr/bin/env bash\nexec '" + ProcessHandle.current().info().command().orElse("java")
        + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '" + System.getProperty("java.class.path")
        + "' " + FakeStrand.class.getName() + " '" + store + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    boolean root = new HostCommands(Duration.ofSeconds(10)).isRoot();
    Path runDir = tmp.resolve("run");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();

    int exit = ChaosRunner.run(new PrintStream(captured, true, StandardCharsets.UTF_8), System.err,
        "--duration", "60s", "--nodes", "3", "--partitions", "3", "--producers", "2", "--consumers", "1",
        "--rate", "20", "--fault-plan", root ? ROOT_PLAN : PLAN, "--run-dir", runDir.toString(),
        "--strand", script.toString());

    String output = captured.toString(StandardCharsets.UTF_8);
    System.out.println(output);
    assertThat(exit).as(output).isZero();
    CheckReport report = new HistoryChecker().checkFiles(List.of(runDir.resolve("history.jsonl")));
    assertThat(report.valid()).as(report.render()).isTrue();
    assertThat(report.stats().sendsAcked()).isGreaterThan(1000);
    assertThat(report.count(Anomaly.UNSEEN)).isZero();
    assertThat(report.stats().faultsByKind()).containsKeys("kill", "pause", "torn-tail", "leader-storm");
    if (root) {
      assertThat(report.stats().faultsByKind()).containsKeys("partition", "slow", "disk-full");
      assertThat(output).doesNotContain("could not be injected");
    }
    assertThat(runDir.resolve("report.txt")).content().contains("PASSED");
    Op firstFault = new HistoryReader().read(runDir.resolve("history.jsonl")).stream()
        .filter(op -> op.f() == OpFunction.NEMESIS).findFirst().orElseThrow();
    assertThat(firstFault.timeNs()).as("the plan's clock starts with the workload: '5s+3s kill n1' at ~5 s")
        .isBetween(5_000_000_000L, 7_000_000_000L);
  }
}
