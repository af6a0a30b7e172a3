package io.strand.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.chaos.schedule.FaultKind;
import io.strand.chaos.schedule.FaultPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChaosRunnerTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ChaosRunner.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private static ChaosConfig config(Set<FaultKind> kinds, Optional<String> plan) {
    return new ChaosConfig(Duration.ofMinutes(5), 3, 4, 2, 2, 40, kinds, 99, plan, ChaosConfig.NetworkMode.AUTO,
        Path.of("run"), Path.of("bin/strand"), Optional.empty());
  }

  @Test
  void helpListsTheLongRunFlags() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--duration", "--nodes", "--faults", "--seed",
        "--fault-plan", "--network");
  }

  @Test
  void badFlagsExitTwoWithTheReason() {
    assertThat(run("--duration", "10s", "--strand", "/bin/true")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least 60s");
    assertThat(run("--faults", "explode", "--strand", "/bin/true")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown fault kind 'explode'");
    assertThat(run("--nodes", "1", "--strand", "/bin/true")).isEqualTo(2);
    assertThat(run("--no-such-flag")).isEqualTo(2);
  }

  @Test
  void kindsThisHostCannotInjectAreLeftOutOfADrawnPlan() {
    FaultPlan plan = ChaosRun.plan(config(EnumSet.allOf(FaultKind.class), Optional.empty()), false, false);

    assertThat(plan.countByKind()).containsOnlyKeys(FaultKind.KILL, FaultKind.PAUSE, FaultKind.TORN_TAIL,
        FaultKind.LEADER_STORM);
    assertThat(ChaosRun.plan(config(EnumSet.allOf(FaultKind.class), Optional.empty()), true, true).countByKind())
        .containsOnlyKeys(FaultKind.values());
  }

  @Test
  void sameSeedGivesTheSamePlanAndNoKindsGiveNone() {
    ChaosConfig c = config(EnumSet.allOf(FaultKind.class), Optional.empty());

    assertThat(ChaosRun.plan(c, true, true)).isEqualTo(ChaosRun.plan(c, true, true));
    assertThat(ChaosRun.plan(config(Set.of(), Optional.empty()), true, true).faults()).isEmpty();
  }

  @Test
  void anExplicitPlanIsReplayedAsGivenButNeverSilentlyTrimmed() {
    ChaosConfig c = config(Set.of(), Optional.of("20s+5s kill n2; 40s+5s partition 1|2,3"));

    assertThat(ChaosRun.plan(c, true, true).toString()).isEqualTo("20s+5s kill n2; 40s+5s partition 1|2,3");
    assertThatThrownBy(() -> ChaosRun.plan(c, false, true)).hasMessageContaining("network namespaces");
  }
}
