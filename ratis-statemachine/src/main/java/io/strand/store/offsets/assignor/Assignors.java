package io.strand.store.offsets.assignor;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** The server-side assignors a group can choose from, by name. Immutable and thread-safe. */
public final class Assignors {
  private static final Map<String, PartitionAssignor> BY_NAME = Map.of(
      RangeAssignor.NAME, new RangeAssignor(),
      UniformAssignor.NAME, new UniformAssignor());

  private Assignors() {}

  /** The assignor called {@code name} (case-sensitive), if there is one. */
  public static Optional<PartitionAssignor> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Every known assignor name, ascending. */
  public static SortedSet<String> names() {
    return new TreeSet<>(BY_NAME.keySet());
  }
}
