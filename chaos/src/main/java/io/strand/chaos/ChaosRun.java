package io.strand.chaos;

import io.strand.chaos.check.CheckReport;
import io.strand.chaos.check.HistoryChecker;
import io.strand.chaos.cluster.MetadataProbe;
import io.strand.chaos.cluster.NodeSpec;
import io.strand.chaos.cluster.ProcessCluster;
import io.strand.chaos.cluster.StrandLauncher;
import io.strand.chaos.fault.CleanupRegistry;
import io.strand.chaos.fault.ClusterNetwork;
import io.strand.chaos.fault.HostCommands;
import io.strand.chaos.fault.ProcessControl;
import io.strand.chaos.fault.TmpfsVolume;
import io.strand.chaos.history.HistoryWriter;
import io.strand.chaos.nemesis.Nemesis;
import io.strand.chaos.nemesis.NemesisSettings;
import io.strand.chaos.schedule.FaultKind;
import io.strand.chaos.schedule.FaultPlan;
import io.strand.chaos.schedule.FaultScheduler;
import io.strand.chaos.schedule.FaultSpec;
import io.strand.chaos.schedule.ScheduleSettings;
import io.strand.chaos.workload.ClientLauncher;
import io.strand.chaos.workload.FinalReader;
import io.strand.chaos.workload.Workload;
import io.strand.chaos.workload.WorkloadSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One chaos run on a given network: start the cluster, create the topic, run the workload while the nemesis
 * carries out the plan, heal, check that every partition has a leader, stop the clients, read everything back,
 * and check the history. Everything it starts or mounts is undone when it returns, also on failure.
 *
 * <p>Not thread-safe; one run per instance.
 */
public final class ChaosRun {
  /** The workload topic. */
  public static final String TOPIC = "chaos";
  private static final long VOLUME_BYTES = 512L << 20;

  private final ChaosConfig config;
  private final PrintStream out;
  private final HostCommands commands = new HostCommands(Duration.ofSeconds(30));

  public ChaosRun(ChaosConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** The plan: the explicit one, or one drawn from the seed over the kinds this network and user can inject. */
  public static FaultPlan plan(ChaosConfig config, boolean linkFaults, boolean root) {
    List<Integer> nodes = IntStream.rangeClosed(1, config.nodes()).boxed().toList();
    Set<FaultKind> usable = EnumSet.noneOf(FaultKind.class);
    for (FaultKind kind : config.faultKinds()) {
      if ((!kind.needsLinkFaults() || linkFaults) && (!kind.needsRoot() || root)) {
        usable.add(kind);
      }
    }
    if (config.faultPlan().isPresent()) {
      FaultPlan plan = FaultPlan.parse(config.faultPlan().get(), nodes);
      for (FaultSpec f : plan.faults()) {
        if ((f.kind().needsLinkFaults() && !linkFaults) || (f.kind().needsRoot() && !root)) {
          throw new IllegalArgumentException("fault '" + f + "' needs root and network namespaces");
        }
      }
      return plan;
    }
    if (usable.isEmpty()) {
      return FaultPlan.none();
    }
    return new FaultScheduler(ScheduleSettings.defaults(config.seed(), config.duration(), nodes,
        config.partitions(), usable)).plan();
  }

  /** Runs on {@code network} (which the caller owns and closes). */
  public RunResult execute(ClusterNetwork network) throws Exception {
    Files.createDirectories(config.runDir());
    try (var entries = Files.list(config.runDir())) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException("run dir " + config.runDir() + " is not empty: a run never reuses data, "
            + "logs or history of another; delete it or pass another --run-dir");
      }
    }
    // Mounting a tmpfs needs the same privileges as namespaces: when auto mode fell back to loopback because
    // namespaces could not be created (a container without them), disk-full faults are left out too.
    boolean root = commands.isRoot() && (network.supportsLinkFaults() || config.network() == ChaosConfig.NetworkMode.LOOPBACK);
    FaultPlan plan = plan(config, network.supportsLinkFaults(), root);
    out.println("seed: " + config.seed());
    out.println("fault plan: " + plan);
    out.flush();
    try (CleanupRegistry cleanup = new CleanupRegistry()) {
      StrandLauncher launcher = new StrandLauncher(config.strandScript());
      ProcessCluster cluster = ProcessCluster.layout(config.nodes(), config.runDir(), launcher, network,
          new ProcessControl(commands));
      Map<Integer, TmpfsVolume> volumes = mountVolumes(cluster, plan, root, cleanup);
      cleanup.register("cluster", cluster);
      cluster.start(Duration.ofSeconds(120));
      List<String> addresses = cluster.nodeIds().stream().map(id -> cluster.node(id).spec())
          .map(NodeSpec::grpcAddress).toList();
      MetadataProbe probe = new MetadataProbe(addresses, Duration.ofSeconds(2));
      cleanup.register("metadata probe", probe);
      ClientLauncher clients = new ClientLauncher(launcher,
          network.reachableFromHere() ? List.of() : network.clientLaunchPrefix(), cluster.bootstrap(),
          config.runDir().resolve("clients"));
      return run(plan, cluster, network, volumes, probe, clients);
    }
  }

  private RunResult run(FaultPlan plan, ProcessCluster cluster, ClusterNetwork network,
      Map<Integer, TmpfsVolume> volumes, MetadataProbe probe, ClientLauncher clients) throws Exception {
    WorkloadSettings settings = new WorkloadSettings(TOPIC, config.partitions(), config.replicationFactor(),
        config.producers(), config.consumers(), config.sendsPerSecond(), 10_000, Duration.ofSeconds(15),
        Duration.ofSeconds(30));
    Path historyFile = config.runDir().resolve("history.jsonl");
    List<Integer> leaderless;
    List<String> unfinished = new ArrayList<>();
    Map<String, Integer> injected;
    Workload.createTopic(clients, settings, Duration.ofSeconds(120));
    List<Integer> notReady = awaitLeaders(probe, Duration.ofSeconds(60));
    if (!notReady.isEmpty()) {
      throw new IllegalStateException("partitions " + notReady + " have no leader after topic creation");
    }
    try (HistoryWriter history = new HistoryWriter(historyFile, System.nanoTime())) {
      Workload workload = new Workload(clients, history, settings);
      Nemesis nemesis = new Nemesis(plan, cluster, network, volumes, probe, history,
          NemesisSettings.defaults(TOPIC, config.partitions(), config.seed()));
      out.println("workload and nemesis started; run ends in " + FaultSpec.formatTime(config.duration()));
      out.flush();
      workload.start();
      Thread nemesisThread = new Thread(nemesis, "nemesis");
      nemesisThread.start();
      try {
        sleepUntil(history, config.duration());
      } finally {
        nemesis.stop();
        nemesisThread.join();
        nemesis.healAll();
      }
      leaderless = awaitLeaders(probe, Duration.ofSeconds(60));
      injected = nemesis.injected();
      unfinished.addAll(workload.stop());
      FinalReader.Result read = workload.finalRead();
      if (!read.finishedCleanly()) {
        unfinished.add("final reader: no attempt read to the end without error");
      }
      out.println("final read: " + read.records() + " records");
    }
    CheckReport report = new HistoryChecker().checkFiles(List.of(historyFile));
    RunResult result = new RunResult(config.runDir(), config.seed(), plan, injected, leaderless, unfinished,
        report);
    Files.writeString(config.runDir().resolve("report.txt"), result.render());
    return result;
  }

  private Map<Integer, TmpfsVolume> mountVolumes(ProcessCluster cluster, FaultPlan plan, boolean root,
      CleanupRegistry cleanup) throws Exception {
    Map<Integer, TmpfsVolume> volumes = new LinkedHashMap<>();
    boolean needed = plan.faults().stream().anyMatch(f -> f.kind() == FaultKind.DISK_FULL);
    if (!needed || !root) {
      return volumes;
    }
    for (int id : cluster.nodeIds()) {
      TmpfsVolume volume = TmpfsVolume.mount(commands, cluster.node(id).spec().dataDir(), VOLUME_BYTES);
      cleanup.register("tmpfs n" + id, volume);
      volumes.put(id, volume);
    }
    return volumes;
  }

  /** Waits until every partition has a leader; returns those that still have none at the deadline. */
  private List<Integer> awaitLeaders(MetadataProbe probe, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Integer> leaderless = new ArrayList<>();
    do {
      leaderless.clear();
      for (int p = 0; p < config.partitions(); p++) {
        if (!probe.partition(TOPIC, p).map(v -> v.leader().isPresent()).orElse(false)) {
          leaderless.add(p);
        }
      }
      if (leaderless.isEmpty()) {
        return leaderless;
      }
      TimeUnit.MILLISECONDS.sleep(500);
    } while (System.nanoTime() < deadline);
    return leaderless;
  }

  private static void sleepUntil(HistoryWriter history, Duration at) throws InterruptedException {
    long waitMs;
    while ((waitMs = at.toMillis() - history.now() / 1_000_000) > 0) {
      TimeUnit.MILLISECONDS.sleep(Math.min(waitMs, 1000));
    }
  }
}
