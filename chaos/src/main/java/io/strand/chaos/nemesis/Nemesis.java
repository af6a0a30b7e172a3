package io.strand.chaos.nemesis;

import io.strand.chaos.cluster.MetadataProbe;
import io.strand.chaos.cluster.NodeProcess;
import io.strand.chaos.cluster.ProcessCluster;
import io.strand.chaos.fault.ClusterNetwork;
import io.strand.chaos.fault.Link;
import io.strand.chaos.fault.NetworkPartition;
import io.strand.chaos.fault.TmpfsVolume;
import io.strand.chaos.fault.TornTail;
import io.strand.chaos.history.HistoryWriter;
import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpFunction;
import io.strand.chaos.history.OpType;
import io.strand.chaos.schedule.FaultPlan;
import io.strand.chaos.schedule.FaultSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a fault plan: waits for each fault's start, injects it, waits for its end, heals it and then heals
 * the whole cluster (paused nodes resumed, stopped nodes started), so every fault starts from a healthy cluster.
 * Every injection and heal is recorded as a {@code nemesis} op ({@code value} = what was done, first word = the
 * fault kind; heals start with {@code heal}); a fault that cannot be injected is recorded as info with the reason.
 *
 * <p>Thread-safe: {@link #run} runs on one thread; {@link #stop} may be called from another.
 */
public final class Nemesis implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);
  private static final String PROCESS = "nemesis";

  private final FaultPlan plan;
  private final ProcessCluster cluster;
  private final ClusterNetwork network;
  private final Map<Integer, TmpfsVolume> volumes;
  private final TargetResolver resolver;
  private final HistoryWriter history;
  private final NemesisSettings settings;
  private final Random random;
  private final Map<String, Integer> injected = new TreeMap<>();
  private volatile boolean stopping;

  /**
   * @param volumes per-node tmpfs volumes for disk-full faults (may be empty: those faults are then skipped)
   * @param probe asks the cluster for leaders
   */
  public Nemesis(FaultPlan plan, ProcessCluster cluster, ClusterNetwork network, Map<Integer, TmpfsVolume> volumes,
      MetadataProbe probe, HistoryWriter history, NemesisSettings settings) {
    this.plan = plan;
    this.cluster = cluster;
    this.network = network;
    this.volumes = Map.copyOf(volumes);
    this.random = new Random(settings.seed());
    this.resolver = new TargetResolver(probe, settings.topic(), cluster.nodeIds(), random);
    this.history = history;
    this.settings = settings;
  }

  /** Ends the current fault early (it is still healed) and skips the rest. */
  public void stop() {
    stopping = true;
  }

  /** Faults injected so far, by kind. */
  public synchronized Map<String, Integer> injected() {
    return Map.copyOf(injected);
  }

  @Override
  public void run() {
    for (FaultSpec fault : plan.faults()) {
      if (!sleepUntil(fault.start())) {
        return;
      }
      Duration late = elapsed().minus(fault.start());
      if (late.compareTo(Duration.ofSeconds(2)) > 0) {
        LOG.warn("fault '{}' starts {} ms late (the previous heal took long)", what(fault), late.toMillis());
      }
      ActiveFault active = inject(fault);
      sleepUntil(fault.end());
      heal(active);
    }
  }

  /** One injected fault and how to undo it. */
  private record ActiveFault(String description, HealAction heal) {
  }

  @FunctionalInterface
  private interface HealAction {
    void heal() throws Exception;
  }

  private ActiveFault inject(FaultSpec fault) {
    long start = history.now();
    Op invoke = history.append(Op.invoke(PROCESS, OpFunction.NEMESIS, start).value(what(fault)).build());
    try {
      ActiveFault active = switch (fault.kind()) {
        case KILL -> kill(fault);
        case PAUSE -> pause(fault);
        case PARTITION -> partition(fault);
        case SLOW -> slow(fault);
        case DISK_FULL -> diskFull(fault);
        case TORN_TAIL -> tornTail(fault);
        case LEADER_STORM -> leaderStorm(fault);
      };
      history.append(Op.complete(PROCESS, OpType.OK, OpFunction.NEMESIS, history.now()).value(active.description())
          .build());
      LOG.info("fault: {}", active.description());
      synchronized (this) {
        injected.merge(fault.kind().wireName(), 1, Integer::sum);
      }
      return active;
    } catch (Exception e) {
      LOG.warn("fault {} could not be injected: {}", fault, e.toString());
      history.append(invoke.completeAs(OpType.INFO, history.now()).error(e.toString()).build());
      return new ActiveFault(what(fault), () -> { });
    }
  }

  private void heal(ActiveFault active) {
    String what = "heal " + active.description();
    history.append(Op.invoke(PROCESS, OpFunction.NEMESIS, history.now()).value(what).build());
    List<String> errors = new ArrayList<>();
    try {
      active.heal().heal();
    } catch (Exception e) {
      errors.add(e.toString());
    }
    try {
      network.heal();
      cluster.healProcesses();
    } catch (Exception e) {
      errors.add(e.toString());
    }
    Op.Builder done = Op.complete(PROCESS, errors.isEmpty() ? OpType.OK : OpType.INFO, OpFunction.NEMESIS,
        history.now()).value(what);
    if (!errors.isEmpty()) {
      LOG.warn("{} failed: {}", what, errors);
      done.error(String.join("; ", errors));
    }
    history.append(done.build());
  }

  private ActiveFault kill(FaultSpec fault) {
    TargetResolver.Resolution r = resolver.resolve(fault.target());
    NodeProcess node = cluster.node(r.nodeId());
    node.kill();
    return new ActiveFault(what(fault) + " -> n" + r.nodeId() + " (" + r.how() + ")", node::start);
  }

  private ActiveFault pause(FaultSpec fault) {
    TargetResolver.Resolution r = resolver.resolve(fault.target());
    NodeProcess node = cluster.node(r.nodeId());
    node.pause();
    return new ActiveFault(what(fault) + " -> n" + r.nodeId() + " (" + r.how() + ")", node::resume);
  }

  private ActiveFault partition(FaultSpec fault) {
    NetworkPartition partition;
    String how = "";
    if (fault.isolatesTarget()) {
      TargetResolver.Resolution r = resolver.resolve(fault.target());
      partition = NetworkPartition.isolate(r.nodeId(), cluster.nodeIds());
      how = " -> " + partition.description() + " (" + r.how() + ")";
    } else {
      partition = NetworkPartition.parse(fault.argument(), cluster.nodeIds());
    }
    network.partition(partition);
    return new ActiveFault(what(fault) + how, network::heal);
  }

  private ActiveFault slow(FaultSpec fault) {
    for (String link : fault.argument().split(",")) {
      network.slow(Link.parse(link), settings.slowRateKbit());
    }
    return new ActiveFault(what(fault) + " at " + settings.slowRateKbit() + " kbit/s", network::heal);
  }

  private ActiveFault diskFull(FaultSpec fault) throws Exception {
    TargetResolver.Resolution r = resolver.resolve(fault.target());
    TmpfsVolume volume = volumes.get(r.nodeId());
    if (volume == null) {
      throw new IllegalStateException("node " + r.nodeId() + " has no tmpfs volume (disk-full needs root)");
    }
    long bytes = volume.fill();
    return new ActiveFault(what(fault) + " -> n" + r.nodeId() + " (" + r.how() + ", " + bytes + " bytes of ballast)",
        volume::drain);
  }

  private ActiveFault tornTail(FaultSpec fault) throws Exception {
    TargetResolver.Resolution r = resolver.resolve(fault.target());
    Set<Integer> followerOf = new TreeSet<>();
    for (int p = 0; p < settings.partitions(); p++) {
      if (resolver.followersOf(p).contains(r.nodeId())) {
        followerOf.add(p);
      }
    }
    NodeProcess node = cluster.node(r.nodeId());
    node.kill();
    List<TornTail.TornSegment> torn = TornTail.tear(node.spec().dataDir(),
        new FollowerPartitionDirs(node.spec().dataDir(), settings.topic(), followerOf), random,
        settings.tornMaxBytes());
    LOG.info("torn tail on n{}: {}", r.nodeId(), torn);
    return new ActiveFault(what(fault) + " -> n" + r.nodeId() + " (" + r.how() + ", follower of p" + followerOf + ", "
        + torn.size() + " segments cut)", node::start);
  }

  private ActiveFault leaderStorm(FaultSpec fault) {
    List<String> paused = new ArrayList<>();
    while (!stopping && elapsed().plus(settings.stormPause()).compareTo(fault.end()) < 0) {
      Optional<Integer> leader = runningLeader();
      if (leader.isEmpty()) {
        sleepFor(Duration.ofMillis(500));
        continue;
      }
      NodeProcess node = cluster.node(leader.get());
      String what = "leader-storm-pause n" + leader.get();
      history.append(Op.invoke(PROCESS, OpFunction.NEMESIS, history.now()).value(what).build());
      node.pause();
      history.append(Op.complete(PROCESS, OpType.OK, OpFunction.NEMESIS, history.now()).value(what).build());
      paused.add("n" + leader.get());
      sleepFor(settings.stormPause());
      node.resume();
      sleepFor(settings.stormInterval());
    }
    return new ActiveFault(what(fault) + " -> paused leaders " + paused, () -> { });
  }

  /** The running leader of a random partition, trying every partition in a random order. */
  private Optional<Integer> runningLeader() {
    List<Integer> partitions = new ArrayList<>();
    for (int p = 0; p < settings.partitions(); p++) {
      partitions.add(p);
    }
    Collections.shuffle(partitions, random);
    for (int p : partitions) {
      Optional<Integer> leader = resolver.leaderOf(p);
      if (leader.isPresent() && cluster.node(leader.get()).state() == NodeProcess.State.RUNNING) {
        return leader;
      }
    }
    return Optional.empty();
  }

  /** The fault without its timing, kind first: {@code kill leader:p1}. */
  private static String what(FaultSpec fault) {
    return fault.kind().wireName() + (fault.argument().isEmpty() ? "" : " " + fault.argument());
  }

  private Duration elapsed() {
    return Duration.ofNanos(history.now());
  }

  /** Sleeps until {@code at} after the run's origin (never returns early); false if the nemesis was stopped. */
  private boolean sleepUntil(Duration at) {
    while (!stopping) {
      long waitNanos = at.toNanos() - history.now();
      if (waitNanos <= 0) {
        return true;
      }
      sleepFor(Duration.ofMillis(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1, 200))));
    }
    return false;
  }

  private void sleepFor(Duration d) {
    try {
      TimeUnit.MILLISECONDS.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  /** Heals whatever is still in place (for the end of a run or an aborted one). */
  public void healAll() throws Exception {
    network.heal();
    for (TmpfsVolume volume : volumes.values()) {
      volume.drain();
    }
    cluster.healProcesses();
  }
}
