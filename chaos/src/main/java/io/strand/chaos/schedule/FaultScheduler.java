package io.strand.chaos.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Draws a random {@link FaultPlan} from a seed: the same seed and settings always give the same plan. Faults run
 * one at a time with a healed gap between them; kinds come round-robin in a freshly shuffled order per round,
 * so every enabled kind appears as soon as the run is long enough for one round.
 *
 * <p>Not thread-safe; one scheduler draws one plan.
 */
public final class FaultScheduler {
  private final ScheduleSettings settings;
  private final Random random;

  public FaultScheduler(ScheduleSettings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
  }

  /** Draws the plan. */
  public FaultPlan plan() {
    List<FaultSpec> faults = new ArrayList<>();
    List<FaultKind> round = new ArrayList<>();
    Duration t = settings.warmup();
    Duration lastStart = settings.runDuration().minus(settings.finalHeal());
    while (true) {
      if (round.isEmpty()) {
        round.addAll(settings.kinds());
        Collections.shuffle(round, random);
      }
      FaultKind kind = round.remove(0);
      Duration duration = between(settings.minFaultDuration(), settings.maxFaultDuration());
      if (kind == FaultKind.LEADER_STORM) {
        // a storm needs room for a few pause/resume rounds of several seconds each
        duration = duration.plusSeconds(8);
      }
      if (t.plus(duration).compareTo(lastStart) > 0) {
        break;
      }
      faults.add(new FaultSpec(t, duration, kind, argument(kind)));
      t = t.plus(duration).plus(between(settings.minGap(), settings.maxGap()));
    }
    return new FaultPlan(faults);
  }

  private String argument(FaultKind kind) {
    return switch (kind) {
      case KILL, PAUSE -> nodeTarget().toString();
      case DISK_FULL -> (random.nextBoolean() ? NodeTarget.leaderOf(partition()) : randomNode()).toString();
      case TORN_TAIL -> NodeTarget.followerOf(partition()).toString();
      case PARTITION -> partitionArgument();
      case SLOW -> slowArgument();
      case LEADER_STORM -> "";
    };
  }

  private NodeTarget nodeTarget() {
    int roll = random.nextInt(4);
    return roll < 2 ? NodeTarget.leaderOf(partition()) : roll == 2 ? NodeTarget.followerOf(partition())
        : randomNode();
  }

  private NodeTarget randomNode() {
    return NodeTarget.node(settings.nodes().get(random.nextInt(settings.nodes().size())));
  }

  private int partition() {
    return random.nextInt(settings.partitions());
  }

  /** Majority/minority, a lone node, the lone leader of a partition, or a bridge. */
  private String partitionArgument() {
    List<Integer> nodes = new ArrayList<>(settings.nodes());
    Collections.shuffle(nodes, random);
    int n = nodes.size();
    return switch (random.nextInt(4)) {
      case 0 -> groups(nodes.subList(0, n - (n - 1) / 2), nodes.subList(n - (n - 1) / 2, n));
      case 1 -> groups(nodes.subList(0, 1), nodes.subList(1, n));
      case 2 -> NodeTarget.leaderOf(partition()).toString();
      default -> groups(nodes.subList(0, n / 2 + 1), nodes.subList(n / 2, n));
    };
  }

  private String slowArgument() {
    List<Integer> nodes = new ArrayList<>(settings.nodes());
    Collections.shuffle(nodes, random);
    int a = nodes.get(0);
    int b = nodes.get(1);
    return a + ">" + b + "," + b + ">" + a;
  }

  private static String groups(List<Integer> first, List<Integer> second) {
    return join(new TreeSet<>(first)) + "|" + join(new TreeSet<>(second));
  }

  private static String join(Set<Integer> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private Duration between(Duration min, Duration max) {
    long span = max.toMillis() - min.toMillis();
    long ms = min.toMillis() + (span <= 0 ? 0 : random.nextLong(span + 1));
    return Duration.ofSeconds(Math.max(1, Math.round(ms / 1000.0)));
  }
}
