package io.strand.chaos.check;

import io.strand.chaos.history.HistoryReader;
import io.strand.chaos.history.Op;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * Checks a history for anomalies ({@link Anomaly}) and computes the run's figures; {@link #main} is the
 * {@code strand-check} command-line program (exit code 0 no anomaly, 1 anomalies, 2 unreadable history or bad
 * arguments).
 *
 * <p>Thread-safe: {@link #check} keeps all state on the stack.
 */
public final class HistoryChecker {
  /** Examples kept per anomaly kind unless told otherwise. */
  public static final int DEFAULT_MAX_EXAMPLES = 10;

  private final int examplesPerKind;

  /** A checker keeping {@link #DEFAULT_MAX_EXAMPLES} examples per kind. */
  public HistoryChecker() {
    this(DEFAULT_MAX_EXAMPLES);
  }

  /** A checker keeping {@code examplesPerKind} examples per kind. */
  public HistoryChecker(int examplesPerKind) {
    if (examplesPerKind < 0) {
      throw new IllegalArgumentException("examplesPerKind must be >= 0, got " + examplesPerKind);
    }
    this.examplesPerKind = examplesPerKind;
  }

  /** Checks a history given in history order. */
  public CheckReport check(List<Op> history) {
    Findings findings = new Findings(examplesPerKind);
    PairedHistory paired = PairedHistory.pair(history, findings);
    Observations seen = Observations.of(paired);
    WriteChecks.check(paired, seen, findings);
    ReadOrderChecks.check(paired, findings);
    CommitChecks.check(paired, findings);
    return new CheckReport(findings.counts(), findings.examples(), HistoryStats.of(paired, seen));
  }

  /**
   * Reads and checks the history files of one run: one file in file order, several merged by time.
   *
   * @throws io.strand.chaos.history.MalformedHistoryException if a line is not a valid op
   */
  public CheckReport checkFiles(List<Path> historyFiles) throws IOException {
    HistoryReader reader = new HistoryReader();
    List<Op> ops = historyFiles.size() == 1 ? reader.read(historyFiles.get(0)) : reader.readMerged(historyFiles);
    return check(ops);
  }

  /**
   * Runs the program with the given output streams and returns its exit code instead of exiting.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new CheckCommand()).setOut(out).setErr(err).execute(args);
  }

  /**
   * {@code strand-check [--examples N] HISTORY...}. The process exit code is the verdict, so this is the one
   * place that exits.
   */
  public static void main(String[] args) {
    int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    System.exit(code);
  }
}
