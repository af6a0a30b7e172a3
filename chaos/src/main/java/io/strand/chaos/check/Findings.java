package io.strand.chaos.check;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Collects anomalies: counts every one, keeps the first few examples of each kind.
 *
 * <p>Not thread-safe; one checker run owns it.
 */
final class Findings {
  private final int maxExamples;
  private final Map<Anomaly, Integer> counts = new EnumMap<>(Anomaly.class);
  private final Map<Anomaly, List<String>> examples = new EnumMap<>(Anomaly.class);

  Findings(int maxExamples) {
    this.maxExamples = maxExamples;
  }

  void add(Anomaly anomaly, String example) {
    counts.merge(anomaly, 1, Integer::sum);
    List<String> list = examples.computeIfAbsent(anomaly, a -> new ArrayList<>());
    if (list.size() < maxExamples) {
      list.add(example);
    }
  }

  Map<Anomaly, Integer> counts() {
    return counts;
  }

  Map<Anomaly, List<String>> examples() {
    return examples;
  }
}
