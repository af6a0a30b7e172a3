package io.strand.chaos.check;

import io.strand.chaos.history.MalformedHistoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code strand-check} command line. Exit codes: 0 no anomaly, 1 anomalies found, 2 the history could not
 * be read or the arguments were wrong.
 *
 * <p>Not thread-safe; one instance per invocation.
 */
@Command(name = "strand-check", mixinStandardHelpOptions = true,
    description = "Checks a chaos-run history (JSON lines) for lost, duplicate, reordered and unseen records.",
    exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 2)
final class CheckCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "HISTORY",
      description = "History file(s); several files of one run are merged by time_ns.")
  private List<Path> files;

  @Option(names = "--examples", defaultValue = "10", paramLabel = "N",
      description = "Examples shown per anomaly kind (default: ${DEFAULT-VALUE}).")
  private int maxExamples;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (maxExamples < 0) {
      err.println("strand-check: --examples must be >= 0, got " + maxExamples);
      return 2;
    }
    try {
      CheckReport report = new HistoryChecker(maxExamples).checkFiles(files);
      out.print(report.render());
      out.flush();
      return report.valid() ? 0 : 1;
    } catch (MalformedHistoryException e) {
      err.println("strand-check: malformed history: " + e.getMessage());
      err.flush();
      return 2;
    }
  }
}
