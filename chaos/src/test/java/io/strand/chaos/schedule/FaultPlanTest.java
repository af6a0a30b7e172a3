package io.strand.chaos.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
  private static final List<Integer> NODES = List.of(1, 2, 3);

  @Test
  void textFormRoundTrips() {
    String text = "20s+8s kill leader:p1; 35s+1500ms pause n3; 40s+12s partition 1,2|3; 60s+10s slow 1>2,2>1; "
        + "75s+10s disk-full follower:p0; 90s+6s torn-tail follower:p2; 100s+15s leader-storm; "
        + "120s+10s partition leader:p0";

    FaultPlan plan = FaultPlan.parse(text, NODES);

    assertThat(plan.toString()).isEqualTo(text);
    assertThat(FaultPlan.parse(plan.toString(), NODES)).isEqualTo(plan);
    assertThat(plan.faults().get(1).duration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(plan.faults().get(0).target()).isEqualTo(NodeTarget.leaderOf(1));
    assertThat(plan.faults().get(7).isolatesTarget()).isTrue();
    assertThat(plan.end()).isEqualTo(Duration.ofSeconds(130));
  }

  @Test
  void faultsAreSortedAndNewlinesSeparateToo() {
    FaultPlan plan = FaultPlan.parse("1m+5s kill n1\n10s+5s pause n2\n", NODES);

    assertThat(plan.faults()).extracting(FaultSpec::kind).containsExactly(FaultKind.PAUSE, FaultKind.KILL);
  }

  @Test
  void badFaultsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> FaultPlan.parse("20s kill n1", NODES)).hasMessageContaining("START+DURATION");
    assertThatThrownBy(() -> FaultPlan.parse("20s+5s explode n1", NODES)).hasMessageContaining("unknown fault kind");
    assertThatThrownBy(() -> FaultPlan.parse("20s+5s kill n7", NODES)).hasMessageContaining("node 7");
    assertThatThrownBy(() -> FaultPlan.parse("20s+5s kill", NODES)).hasMessageContaining("node target");
    assertThatThrownBy(() -> FaultPlan.parse("20s+5s partition 1;2", NODES)).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultPlan.parse("20s+5s slow 1>1", NODES)).hasMessageContaining("itself");
    assertThatThrownBy(() -> FaultPlan.parse("20s+5s leader-storm n1", NODES)).hasMessageContaining("no argument");
    assertThatThrownBy(() -> FaultPlan.parse("20s+0s pause n1", NODES)).hasMessageContaining("duration > 0");
  }

  private static ScheduleSettings settings(long seed, Duration run, List<Integer> nodes) {
    return ScheduleSettings.defaults(seed, run, nodes, 4, EnumSet.allOf(FaultKind.class));
  }

  @Test
  void sameSeedSamePlanDifferentSeedDifferentPlan() {
    FaultPlan a = new FaultScheduler(settings(42, Duration.ofMinutes(10), NODES)).plan();

    assertThat(new FaultScheduler(settings(42, Duration.ofMinutes(10), NODES)).plan()).isEqualTo(a);
    assertThat(new FaultScheduler(settings(43, Duration.ofMinutes(10), NODES)).plan()).isNotEqualTo(a);
  }

  @Test
  void planDoesNotDependOnTheIterationOrderOfTheKindSet() {
    List<FaultKind> kinds = new java.util.ArrayList<>(List.of(FaultKind.values()));
    ScheduleSettings forward = ScheduleSettings.defaults(5, Duration.ofMinutes(5), NODES, 4,
        new java.util.LinkedHashSet<>(kinds));
    java.util.Collections.reverse(kinds);
    ScheduleSettings backward = ScheduleSettings.defaults(5, Duration.ofMinutes(5), NODES, 4,
        new java.util.LinkedHashSet<>(kinds));

    assertThat(new FaultScheduler(backward).plan()).isEqualTo(new FaultScheduler(forward).plan());
  }

  @Test
  void plansKeepWarmupGapsAndFinalHealAndUseEveryKind() {
    for (long seed = 0; seed < 50; seed++) {
      ScheduleSettings s = settings(seed, Duration.ofMinutes(5), List.of(1, 2, 3, 4, 5));
      FaultPlan plan = new FaultScheduler(s).plan();

      assertThat(plan.faults().get(0).start()).isEqualTo(s.warmup());
      assertThat(plan.end()).isLessThanOrEqualTo(s.runDuration().minus(s.finalHeal()));
      for (int i = 1; i < plan.faults().size(); i++) {
        assertThat(plan.faults().get(i).start()).as("seed %d: gap before fault %d", seed, i)
            .isGreaterThanOrEqualTo(plan.faults().get(i - 1).end().plus(s.minGap()));
      }
      assertThat(plan.countByKind()).as("seed %d: %s", seed, plan).containsOnlyKeys(FaultKind.values());
      assertThat(FaultPlan.parse(plan.toString(), s.nodes())).isEqualTo(plan);
    }
  }

  @Test
  void onlyEnabledKindsAreDrawn() {
    ScheduleSettings s = ScheduleSettings.defaults(7, Duration.ofMinutes(5), NODES, 3,
        EnumSet.of(FaultKind.KILL, FaultKind.PAUSE));

    assertThat(new FaultScheduler(s).plan().countByKind()).containsOnlyKeys(FaultKind.KILL, FaultKind.PAUSE);
  }

  @Test
  void runTooShortForAnyFaultGivesAnEmptyPlan() {
    FaultPlan plan = new FaultScheduler(settings(1, Duration.ofSeconds(40), NODES)).plan();

    assertThat(plan.faults()).isEmpty();
    assertThat(plan.toString()).isEmpty();
  }
}
