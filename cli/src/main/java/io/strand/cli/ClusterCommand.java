package io.strand.cli;

import io.strand.client.StrandClient;
import io.strand.client.admin.ClusterDescription;
import io.strand.client.admin.ClusterNode;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code strand cluster describe}: one line per node, starting with its id, after one header line.
 *
 * <p>Not thread-safe; one instance runs one command.
 */
@Command(name = "cluster", description = "Inspect the cluster.", mixinStandardHelpOptions = true,
    subcommands = ClusterCommand.Describe.class)
final class ClusterCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a cluster subcommand is required");
  }

  /** {@code cluster describe} */
  @Command(name = "describe", description = "List nodes, their addresses and how many partitions each leads.",
      mixinStandardHelpOptions = true)
  static final class Describe extends ClientCommand {
    @Override
    public Integer call() {
      ClusterDescription cluster;
      try (StrandClient client = openClient(Map.of())) {
        cluster = await(client.admin().describeCluster(), "describe cluster");
      }
      print(cluster, context().out());
      return 0;
    }

    static void print(ClusterDescription cluster, PrintStream out) {
      out.printf("%-4s %-24s %-24s %-6s %-8s %-8s %s%n", "ID", "ADDRESS", "RAFT", "ALIVE", "LEADERS", "REPLICAS",
          "ROLE");
      for (ClusterNode node : cluster.nodes()) {
        out.printf("%-4d %-24s %-24s %-6s %-8d %-8d %s%n", node.id(), node.host() + ":" + node.port(),
            node.raftAddress().isEmpty() ? "-" : node.raftAddress(), node.alive() ? "yes" : "no", node.leaderCount(),
            node.replicaCount(), node.id() == cluster.controllerId() ? "metadata-leader" : "-");
      }
    }
  }
}
