package io.strand.chaos;

import io.strand.chaos.check.CheckReport;
import io.strand.chaos.schedule.FaultPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one chaos run.
 *
 * @param runDir where history.jsonl, report.txt, node data and logs are
 * @param seed the seed (replay with {@code --seed})
 * @param plan the faults planned (replay with {@code --fault-plan})
 * @param injected faults actually injected, by kind
 * @param leaderlessPartitions partitions with no leader at the end of the healed phase (must be empty)
 * @param unfinishedClients clients that did not finish after the healed phase: producers that could not deliver
 *     what they had in flight within the grace period, a final reader that never read to the end (must be empty)
 * @param report the checker's verdict on the history
 */
public record RunResult(Path runDir, long seed, FaultPlan plan, Map<String, Integer> injected,
    List<Integer> leaderlessPartitions, List<String> unfinishedClients, CheckReport report) {

  public RunResult {
    injected = Map.copyOf(injected);
    leaderlessPartitions = List.copyOf(leaderlessPartitions);
    unfinishedClients = List.copyOf(unfinishedClients);
  }

  /** No anomaly, every partition had a leader after healing, and every client finished. */
  public boolean passed() {
    return report.valid() && leaderlessPartitions.isEmpty() && unfinishedClients.isEmpty();
  }

  /** The summary printed at the end of a run. */
  public String render() {
    return "run dir: " + runDir + "\n"
        + "seed: " + seed + "\n"
        + "fault plan: " + plan + "\n"
        + "faults injected: " + injected + "\n"
        + "partitions without leader after healing: " + (leaderlessPartitions.isEmpty() ? "none"
            : leaderlessPartitions) + "\n"
        + "clients that did not finish after healing: " + (unfinishedClients.isEmpty() ? "none"
            : unfinishedClients) + "\n"
        + report.render()
        + (passed() ? "PASSED\n" : "FAILED (replay: --seed " + seed + " or --fault-plan \"" + plan + "\")\n");
  }
}
