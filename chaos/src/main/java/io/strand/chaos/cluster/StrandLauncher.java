package io.strand.chaos.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code bin/strand} is, and how to build argv for it. The script runs the cli module's packaged classpath,
 * so the tree must have been built with {@code mvn -B -DskipTests package}.
 *
 * @param script path of {@code bin/strand}
 */
public record StrandLauncher(Path script) {
  public StrandLauncher {
    script = script.toAbsolutePath().normalize();
  }

  /** Finds {@code bin/strand} in {@code start} or the closest ancestor that has one. */
  public static Optional<StrandLauncher> find(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve("bin").resolve("strand");
      if (Files.isExecutable(script)) {
        return Optional.of(new StrandLauncher(script));
      }
    }
    return Optional.empty();
  }

  /** {@code bin/strand ARGS...}. */
  public List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(args);
    return command;
  }
}
