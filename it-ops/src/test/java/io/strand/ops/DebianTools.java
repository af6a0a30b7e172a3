package io.strand.ops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the external programs the tests drive, and skips a test (JUnit assumption) with the Debian package to
 * install when one is missing. Stateless.
 */
final class DebianTools {

  /** Debian's interpreter: its python3-grpcio and python3-yaml install for it, not for other pythons on PATH. */
  static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

  private static final String HOW = " (apt-get install -y --no-install-recommends %s; .ci/run installs it when"
      + " it runs as root)";

  private DebianTools() {}

  /** The executable, searched on PATH and in /usr/sbin, /usr/bin (nginx lives in /usr/sbin). */
  static Optional<Path> find(String executable) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    return dirs.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, executable))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The executable, or skips the calling test naming the Debian package that provides it. */
  static Path require(String executable, String debianPackage) {
    Optional<Path> found = find(executable);
    assumeTrue(found.isPresent(),
        () -> "skipped: '" + executable + "' is not installed" + String.format(HOW, debianPackage));
    return found.get();
  }

  /** Skips the calling test unless Debian's python3 can import every module. */
  static void requirePythonModules(String debianPackages, String... modules) {
    assumeTrue(Files.isExecutable(DEBIAN_PYTHON),
        () -> "skipped: " + DEBIAN_PYTHON + " is missing" + String.format(HOW, "python3"));
    String script = "import " + String.join(", ", modules);
    ProcessResult result = ProcessResult.run(List.of(DEBIAN_PYTHON.toString(), "-c", script), null, 60);
    assumeTrue(result.exitCode() == 0, () -> "skipped: " + DEBIAN_PYTHON + " cannot import " + String.join(", ",
        modules) + " (" + result.output().strip() + ")" + String.format(HOW, debianPackages));
  }
}
