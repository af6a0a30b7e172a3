package io.strand.chaos;

import io.strand.chaos.ChaosConfig.NetworkMode;
import io.strand.chaos.cluster.StrandLauncher;
import io.strand.chaos.fault.ClusterNetwork;
import io.strand.chaos.fault.HostCommands;
import io.strand.chaos.fault.LoopbackNetwork;
import io.strand.chaos.fault.NamespaceNetwork;
import io.strand.chaos.schedule.FaultKind;
import io.strand.chaos.schedule.FaultSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strand-chaos}: one fault-injection run against a multi-process Strand cluster, checked at the end. Exit
 * code 0 = no anomaly and every partition led after healing, 1 = anomalies or an unhealed cluster, 2 = the run
 * could not be carried out (bad flags, cluster would not start, ...).
 *
 * <p>Not thread-safe; one invocation per instance.
 */
@Command(name = "strand-chaos", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs a Strand cluster under faults with a recording workload, then checks the history.",
    exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 2)
public final class ChaosRunner implements Callable<Integer> {
  @Option(names = "--duration", defaultValue = "3m", paramLabel = "TIME",
      description = "Run length incl. warm-up and final healed phase, e.g. 3m, 30m (default ${DEFAULT-VALUE}).")
  private String duration;

  @Option(names = "--nodes", defaultValue = "3", description = "Cluster size, 3 or 5 (default ${DEFAULT-VALUE}).")
  private int nodes;

  @Option(names = "--partitions", defaultValue = "4", description = "Topic partitions (default ${DEFAULT-VALUE}).")
  private int partitions;

  @Option(names = "--producers", defaultValue = "2", description = "Producer processes (default ${DEFAULT-VALUE}).")
  private int producers;

  @Option(names = "--consumers", defaultValue = "2", description = "Consumer processes (default ${DEFAULT-VALUE}).")
  private int consumers;

  @Option(names = "--rate", defaultValue = "40", description = "Sends/s per producer (default ${DEFAULT-VALUE}).")
  private int rate;

  @Option(names = "--faults", defaultValue = "all", paramLabel = "KIND,...", split = ",",
      description = "Fault mix: all, none, or kill, pause, partition, slow, disk-full, torn-tail, leader-storm "
          + "(default ${DEFAULT-VALUE}). Kinds this host cannot inject are left out with a note.")
  private List<String> faults;

  @Option(names = "--seed", description = "Seed of the fault schedule (default: random, printed).")
  private Long seed;

  @Option(names = "--fault-plan", paramLabel = "PLAN",
      description = "Replay these faults instead of drawing them, e.g. \"20s+8s kill leader:p1; 40s+10s pause n2\".")
  private String faultPlan;

  @Option(names = "--network", defaultValue = "auto", paramLabel = "auto|netns|loopback",
      description = "netns: a network namespace per node (root; all faults). loopback: 127.0.0.1 (no partitions "
          + "or slow links). auto: netns as root (default ${DEFAULT-VALUE}).")
  private String network;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Where history.jsonl, report.txt, data and logs go; must be empty or new (default: "
          + "target/chaos-runs/seed-<seed>-<time>).")
  private Path runDir;

  @Option(names = "--strand", paramLabel = "PATH", description = "bin/strand (default: found from the working dir).")
  private Path strand;

  @Option(names = "--adopt-network", hidden = true, description = "Internal: namespaces created by the parent.")
  private String adoptNetwork;

  private final List<String> args;
  private final PrintStream out;

  private ChaosRunner(List<String> args, PrintStream out) {
    this.args = args;
    this.out = out;
  }

  /** Runs the program and returns its exit code instead of exiting. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new ChaosRunner(List.of(args), out)).setOverwrittenOptionsAllowed(true);
    cli.setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true));
    return cli.execute(args);
  }

  /** {@code strand-chaos [flags]}; the process exit code is the verdict, so this is the one place that exits. */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  @Override
  public Integer call() throws Exception {
    ChaosConfig config = config();
    HostCommands commands = new HostCommands(Duration.ofSeconds(30));
    boolean root = commands.isRoot();
    boolean fellBack = false;
    if (config.adoptNetwork().isEmpty() && (config.network() == NetworkMode.NETNS
        || (config.network() == NetworkMode.AUTO && root))) {
      OptionalInt exit = new NetnsSupervisor(commands).supervise(config, args, out);
      if (exit.isPresent()) {
        return exit.getAsInt();
      }
      if (config.network() == NetworkMode.NETNS) {
        return 2;
      }
      fellBack = true;
    }
    if (config.network() == NetworkMode.AUTO || config.network() == NetworkMode.LOOPBACK) {
      out.println("network: loopback" + (fellBack ? " (no partitions, slow links or disk-full)"
          : root ? "" : " (not root: no partitions, slow links or disk-full)"));
    }
    try (ClusterNetwork net = config.adoptNetwork().isPresent()
        ? NamespaceNetwork.adopt(commands, config.adoptNetwork().get(),
            IntStream.rangeClosed(1, config.nodes()).boxed().toList(), NamespaceNetwork.DEFAULT_ADDRESS_PREFIX)
        : new LoopbackNetwork()) {
      RunResult result = new ChaosRun(config, out).execute(net);
      out.print(result.render());
      out.flush();
      return result.passed() ? 0 : 1;
    }
  }

  private ChaosConfig config() {
    long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    Path script = strand != null ? strand : StrandLauncher.find(Path.of("")).map(StrandLauncher::script)
        .orElseThrow(() -> new IllegalArgumentException(
            "bin/strand not found from " + Path.of("").toAbsolutePath() + "; build with 'mvn -B -DskipTests "
                + "package' and run from the repository, or pass --strand"));
    Path dir = runDir != null ? runDir : Path.of("target", "chaos-runs", "seed-" + s + "-"
        + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    return new ChaosConfig(FaultSpec.parseTime(duration), nodes, partitions, producers, consumers, rate,
        faultKinds(), s, Optional.ofNullable(faultPlan), NetworkMode.valueOf(network.toUpperCase(
            java.util.Locale.ROOT)), dir.toAbsolutePath(), script, Optional.ofNullable(adoptNetwork));
  }

  private Set<FaultKind> faultKinds() {
    if (faults.size() == 1 && faults.get(0).equals("all")) {
      return EnumSet.allOf(FaultKind.class);
    }
    if (faults.size() == 1 && faults.get(0).equals("none")) {
      return EnumSet.noneOf(FaultKind.class);
    }
    Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
    faults.stream().map(FaultKind::forWireName).forEach(kinds::add);
    return kinds;
  }
}
