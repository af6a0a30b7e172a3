package io.strand.chaos.nemesis;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the partition directories a torn tail may cut: those of the workload topic's partitions the node follows,
 * recognised by a directory name that contains the topic and ends in {@code -<partition>} (Kafka's layout). If
 * the node's data directory has no such names at all (a layout the harness does not know), every partition
 * directory is accepted: after the kill the node follows every partition anyway, and the node must recover from
 * the leader whichever tail was torn.
 *
 * <p>Immutable and thread-safe.
 */
final class FollowerPartitionDirs implements Predicate<Path> {
  private final String topic;
  private final Set<Integer> partitions;
  private final boolean layoutKnown;

  FollowerPartitionDirs(Path dataDir, String topic, Set<Integer> partitions) {
    this.topic = topic;
    this.partitions = Set.copyOf(partitions);
    this.layoutKnown = containsTopicDir(dataDir, topic);
  }

  private static boolean containsTopicDir(Path dataDir, String topic) {
    try (var files = java.nio.file.Files.walk(dataDir, 4)) {
      return files.anyMatch(p -> p.getFileName() != null && p.getFileName().toString().contains(topic));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Override
  public boolean test(Path dir) {
    if (!layoutKnown) {
      return true;
    }
    String name = dir.getFileName().toString();
    Matcher m = Pattern.compile(Pattern.quote(topic) + ".*-(\\d+)").matcher(name);
    return m.matches() && partitions.contains(Integer.parseInt(m.group(1)));
  }
}
