package io.strand.chaos.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fault: starts {@code start} after the run began, lasts {@code duration}, then is healed. Text form:
 * {@code START+DURATION KIND [ARGUMENT]}, e.g. {@code 20s+8s kill leader:p1}, {@code 45s+12s partition 1,2|3},
 * {@code 70s+10s slow 1>2,2>1}, {@code 90s+15s leader-storm}. Times are {@code 500ms}, {@code 20s} or {@code 2m}.
 *
 * @param start offset from the start of the run
 * @param duration how long the fault lasts before it is healed
 * @param kind what fault
 * @param argument kind-specific argument (see {@link FaultKind}); empty for {@link FaultKind#LEADER_STORM}
 */
public record FaultSpec(Duration start, Duration duration, FaultKind kind, String argument) {
  private static final Pattern TEXT = Pattern.compile("(\\d+(?:ms|s|m))\\+(\\d+(?:ms|s|m))\\s+(\\S+)(?:\\s+(\\S+))?");
  private static final Pattern GROUPS = Pattern.compile("\\d+(,\\d+)*(\\|\\d+(,\\d+)*)*");
  private static final Pattern LINKS = Pattern.compile("\\d+>\\d+(,\\d+>\\d+)*");
  private static final Pattern TIME = Pattern.compile("(\\d+)(ms|s|m)");

  public FaultSpec {
    Objects.requireNonNull(kind, "kind");
    argument = argument == null ? "" : argument.strip();
    if (start.isNegative() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("start must be >= 0 and duration > 0, got " + start + " " + duration);
    }
    validateArgument(kind, argument);
  }

  /** Parses the text form. */
  public static FaultSpec parse(String text) {
    Matcher m = TEXT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("a fault is START+DURATION KIND [ARG], e.g. '20s+8s kill leader:p1'; got '"
          + text.strip() + "'");
    }
    return new FaultSpec(parseTime(m.group(1)), parseTime(m.group(2)), FaultKind.forWireName(m.group(3)),
        m.group(4));
  }

  /** When the fault is healed. */
  public Duration end() {
    return start.plus(duration);
  }

  /** The argument as a node target (kill, pause, disk-full, torn-tail, and partition when isolating one node). */
  public NodeTarget target() {
    return NodeTarget.parse(argument);
  }

  /** True for a partition that isolates one node chosen at run time ({@code partition leader:p0}). */
  public boolean isolatesTarget() {
    return kind == FaultKind.PARTITION && NodeTarget.looksLikeTarget(argument);
  }

  /** Node ids this fault names explicitly (targets, groups, links). */
  public List<Integer> namedNodes() {
    List<Integer> nodes = new ArrayList<>();
    if (NodeTarget.looksLikeTarget(argument)) {
      NodeTarget t = target();
      if (t.role() == NodeTarget.Role.NODE) {
        nodes.add(t.id());
      }
    } else if (!argument.isEmpty()) {
      for (String id : argument.split("[,|>]")) {
        nodes.add(Integer.parseInt(id));
      }
    }
    return nodes;
  }

  /** Checks that every node the fault names is one of {@code nodes}. */
  public void validateNodes(Collection<Integer> nodes) {
    for (int id : namedNodes()) {
      if (!nodes.contains(id)) {
        throw new IllegalArgumentException("fault '" + this + "' names node " + id + ", not in " + nodes);
      }
    }
  }

  @Override
  public String toString() {
    return formatTime(start) + "+" + formatTime(duration) + " " + kind.wireName()
        + (argument.isEmpty() ? "" : " " + argument);
  }

  /** Parses {@code 500ms}, {@code 20s} or {@code 2m}. */
  public static Duration parseTime(String text) {
    Matcher m = TIME.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("a time is like 500ms, 20s or 2m; got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  /** Formats as whole seconds ({@code 20s}) when possible, else milliseconds. */
  public static String formatTime(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private static void validateArgument(FaultKind kind, String argument) {
    switch (kind) {
      case KILL, PAUSE, DISK_FULL, TORN_TAIL -> NodeTarget.parse(argument);
      case PARTITION -> {
        if (NodeTarget.looksLikeTarget(argument)) {
          NodeTarget.parse(argument);
        } else if (!GROUPS.matcher(argument).matches()) {
          throw new IllegalArgumentException("partition takes groups like 1,2|3 or a target like leader:p0; got '"
              + argument + "'");
        }
      }
      case SLOW -> {
        if (!LINKS.matcher(argument).matches()) {
          throw new IllegalArgumentException("slow takes links like 1>2,2>1; got '" + argument + "'");
        }
        for (String link : argument.split(",")) {
          String[] ends = link.split(">");
          if (ends[0].equals(ends[1])) {
            throw new IllegalArgumentException("slow link " + link + " joins a node to itself");
          }
        }
      }
      case LEADER_STORM -> {
        if (!argument.isEmpty()) {
          throw new IllegalArgumentException("leader-storm takes no argument; got '" + argument + "'");
        }
      }
    }
  }
}
