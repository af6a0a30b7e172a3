package io.strand.chaos.fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network namespace per node, joined by veth pairs to a router namespace that forwards between them; root
 * only. Node {@code i} is {@code P.i.2} on its {@code eth0}, the router is {@code P.i.1} on its {@code n<i>}
 * ({@code P} = the address prefix, default {@code 10.77}); those addresses exist only inside these namespaces and
 * the router has no other interface, so no packet can leave them. Clients run in the router namespace, which
 * reaches every node.
 *
 * <p>Because every node has its own source address, the router can cut single directed links with
 * policy-routing {@code blackhole} rules ({@code ip rule add from A to B blackhole}): forwarded packets are
 * dropped silently, so the sender sees timeouts as on a real network, while other links and clients are
 * untouched. Slow links are an HTB class with a low rate on the router's port towards the receiver, selected by
 * source address with a u32 filter. (This kernel has no {@code netem}, so delay is made by throttling.)
 *
 * <p>Namespaces are named {@code strand-c<pid>-<tag>-r} and {@code ...-n<id>}; {@link #removeStale} deletes
 * those of harness JVMs that are no longer alive. Thread-safe: fault methods are synchronized.
 */
public final class NamespaceNetwork implements ClusterNetwork {
  /** Default first two octets of the node subnets. */
  public static final String DEFAULT_ADDRESS_PREFIX = "10.77";
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceNetwork.class);
  private static final Pattern NAME = Pattern.compile("strand-c(\\d+)-[0-9a-f]+-(r|n\\d+)");
  private static final int FIRST_RULE_PRIORITY = 1000;

  private final HostCommands commands;
  private final String namePrefix;
  private final String addressPrefix;
  private final Map<Integer, String> nodeNamespaces = new LinkedHashMap<>();
  private final boolean owner;
  private final List<Integer> rulePriorities = new ArrayList<>();
  private final Set<Integer> shapedPorts = new TreeSet<>();
  private int nextPriority = FIRST_RULE_PRIORITY;
  private boolean closed;

  private NamespaceNetwork(HostCommands commands, String namePrefix, String addressPrefix,
      Collection<Integer> nodeIds, boolean owner) {
    this.commands = commands;
    this.namePrefix = namePrefix;
    this.addressPrefix = addressPrefix;
    this.owner = owner;
    for (int id : nodeIds) {
      if (id < 1 || id > 250) {
        throw new IllegalArgumentException("node ids must be in 1..250 to get a subnet, got " + id);
      }
      nodeNamespaces.put(id, namePrefix + "-n" + id);
    }
  }

  /**
   * Creates the router and node namespaces and wires them. On failure everything created so far is removed.
   *
   * @throws FaultInjectionException if not root or a command fails
   */
  public static NamespaceNetwork create(HostCommands commands, Collection<Integer> nodeIds, String addressPrefix) {
    if (!commands.isRoot()) {
      throw new FaultInjectionException("network namespaces need root; run as root or use --network loopback");
    }
    String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    String namePrefix = "strand-c" + ProcessHandle.current().pid() + "-" + tag;
    NamespaceNetwork network = new NamespaceNetwork(commands, namePrefix, addressPrefix, nodeIds, true);
    try {
      network.build();
      return network;
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  /** Uses namespaces another process created with {@link #create}; {@link #close} then only heals. */
  public static NamespaceNetwork adopt(HostCommands commands, String namePrefix, Collection<Integer> nodeIds,
      String addressPrefix) {
    NamespaceNetwork network = new NamespaceNetwork(commands, namePrefix, addressPrefix, nodeIds, false);
    String present = commands.runChecked("ip", "netns", "list");
    if (!present.contains(network.routerNamespace())) {
      throw new FaultInjectionException("no namespace " + network.routerNamespace() + " to adopt");
    }
    return network;
  }

  /**
   * Deletes namespaces left by harness JVMs that died (their pid is in the name), after killing what still
   * runs inside them. Returns the names removed.
   */
  public static List<String> removeStale(HostCommands commands) {
    List<String> removed = new ArrayList<>();
    for (String line : commands.runQuietly("ip", "netns", "list").stdout().split("\n")) {
      String name = line.strip().split("\\s+")[0];
      Matcher m = NAME.matcher(name);
      if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(p -> !p.isAlive()).orElse(true)) {
        deleteNamespace(commands, name);
        removed.add(name);
      }
    }
    return removed;
  }

  /** The names' common prefix, to pass to {@link #adopt}. */
  public String namePrefix() {
    return namePrefix;
  }

  /** The namespace clients run in. */
  public String routerNamespace() {
    return namePrefix + "-r";
  }

  /** The namespace node {@code nodeId} runs in. */
  public String nodeNamespace(int nodeId) {
    String ns = nodeNamespaces.get(nodeId);
    if (ns == null) {
      throw new IllegalArgumentException("no node " + nodeId + " in " + nodeNamespaces.keySet());
    }
    return ns;
  }

  @Override
  public String nodeHost(int nodeId) {
    nodeNamespace(nodeId);
    return addressPrefix + "." + nodeId + ".2";
  }

  @Override
  public List<String> nodeLaunchPrefix(int nodeId) {
    return List.of("ip", "netns", "exec", nodeNamespace(nodeId));
  }

  @Override
  public List<String> clientLaunchPrefix() {
    return List.of("ip", "netns", "exec", routerNamespace());
  }

  @Override
  public boolean reachableFromHere() {
    CommandResult identify = commands.run(List.of("ip", "netns", "identify",
        Long.toString(ProcessHandle.current().pid())));
    return identify.succeeded() && identify.stdout().strip().equals(routerNamespace());
  }

  @Override
  public boolean supportsLinkFaults() {
    return true;
  }

  @Override
  public synchronized void partition(NetworkPartition partition) {
    for (Link link : partition.cut()) {
      int priority = nextPriority++;
      ipRouter("rule", "add", "from", nodeHost(link.from()), "to", nodeHost(link.to()), "blackhole",
          "priority", Integer.toString(priority));
      rulePriorities.add(priority);
    }
  }

  @Override
  public synchronized void slow(Link link, int rateKbit) {
    if (rateKbit <= 0) {
      throw new IllegalArgumentException("rateKbit must be > 0, got " + rateKbit);
    }
    String port = "n" + link.to();
    nodeNamespace(link.from());
    if (shapedPorts.add(link.to())) {
      tcRouter("qdisc", "add", "dev", port, "root", "handle", "1:", "htb", "default", "1");
      tcRouter("class", "add", "dev", port, "parent", "1:", "classid", "1:1", "htb", "rate", "10gbit",
          "quantum", "200000");
    }
    String classId = "1:" + (100 + link.from());
    tcRouter("class", "replace", "dev", port, "parent", "1:", "classid", classId, "htb", "rate",
        rateKbit + "kbit", "burst", "4k", "quantum", "1514");
    tcRouter("filter", "add", "dev", port, "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip",
        "src", nodeHost(link.from()) + "/32", "flowid", classId);
  }

  @Override
  public synchronized void heal() {
    for (int priority : rulePriorities) {
      commands.runQuietly("ip", "-n", routerNamespace(), "rule", "del", "priority", Integer.toString(priority));
    }
    rulePriorities.clear();
    for (int node : shapedPorts) {
      commands.runQuietly("ip", "netns", "exec", routerNamespace(), "tc", "qdisc", "del", "dev", "n" + node,
          "root");
    }
    shapedPorts.clear();
  }

  /** The cut links and shaped ports in place now, for logs. */
  public synchronized String describeFaults() {
    return commands.runQuietly("ip", "-n", routerNamespace(), "rule", "list").stdout().strip();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    heal();
    if (owner) {
      nodeNamespaces.values().forEach(ns -> deleteNamespace(commands, ns));
      deleteNamespace(commands, routerNamespace());
    }
  }

  private void build() {
    String router = routerNamespace();
    commands.runChecked("ip", "netns", "add", router);
    commands.runChecked("ip", "-n", router, "link", "set", "lo", "up");
    commands.runChecked("ip", "netns", "exec", router, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
    for (Map.Entry<Integer, String> node : nodeNamespaces.entrySet()) {
      int id = node.getKey();
      String ns = node.getValue();
      String subnet = addressPrefix + "." + id;
      commands.runChecked("ip", "netns", "add", ns);
      commands.runChecked("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", "n" + id,
          "netns", router);
      commands.runChecked("ip", "-n", ns, "addr", "add", subnet + ".2/24", "dev", "eth0");
      commands.runChecked("ip", "-n", ns, "link", "set", "lo", "up");
      commands.runChecked("ip", "-n", ns, "link", "set", "eth0", "up");
      commands.runChecked("ip", "-n", ns, "route", "add", "default", "via", subnet + ".1");
      commands.runChecked("ip", "-n", router, "addr", "add", subnet + ".1/24", "dev", "n" + id);
      commands.runChecked("ip", "-n", router, "link", "set", "n" + id, "up");
    }
    LOG.info("network namespaces {}-{{r,n*}} ready: nodes at {}.<id>.2", namePrefix, addressPrefix);
  }

  private void ipRouter(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "-n", routerNamespace()));
    command.addAll(List.of(args));
    CommandResult result = commands.run(command);
    if (!result.succeeded()) {
      throw new FaultInjectionException(result.describe());
    }
  }

  private void tcRouter(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", routerNamespace(), "tc"));
    command.addAll(List.of(args));
    CommandResult result = commands.run(command);
    if (!result.succeeded()) {
      throw new FaultInjectionException(result.describe());
    }
  }

  /** Kills every process still inside the namespace (only ours ever run there), then deletes it. */
  private static void deleteNamespace(HostCommands commands, String ns) {
    CommandResult pids = commands.runQuietly("ip", "netns", "pids", ns);
    for (String pid : pids.stdout().split("\\s+")) {
      if (!pid.isBlank()) {
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid.strip()));
        process.ifPresent(ProcessHandle::destroyForcibly);
        process.ifPresent(p -> p.onExit().join());
      }
    }
    commands.runQuietly("ip", "netns", "del", ns);
  }
}
