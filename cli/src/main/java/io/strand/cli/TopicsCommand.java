package io.strand.cli;

import io.strand.client.StrandClient;
import io.strand.client.admin.NewTopic;
import io.strand.client.admin.PartitionInfo;
import io.strand.client.admin.TopicDescription;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code strand topics create|list|describe|delete|alter|add-partitions}.
 *
 * <p>Not thread-safe; one instance runs one command.
 */
@Command(name = "topics", description = "Create, list, describe, alter and delete topics.",
    mixinStandardHelpOptions = true,
    subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class, TopicsCommand.Describe.class,
        TopicsCommand.Delete.class, TopicsCommand.Alter.class, TopicsCommand.AddPartitions.class})
final class TopicsCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a topics subcommand is required");
  }

  /** {@code topics create NAME --partitions N --replication-factor R [--config K=V]...} */
  @Command(name = "create", description = "Create a topic.", mixinStandardHelpOptions = true)
  static final class Create extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    String name;

    @Option(names = "--partitions", required = true, paramLabel = "N", description = "Partition count (>= 1).")
    int partitions;

    @Option(names = "--replication-factor", required = true, paramLabel = "R",
        description = "Replicas per partition (1 .. number of nodes).")
    int replicationFactor;

    @Option(names = "--config", paramLabel = "K=V", description = "Topic config override; repeatable.")
    Map<String, String> configs = new LinkedHashMap<>();

    @Override
    public Integer call() {
      if (partitions < 1) {
        throw new ParameterException(spec.commandLine(), "--partitions must be >= 1, got " + partitions);
      }
      if (replicationFactor < 1) {
        throw new ParameterException(spec.commandLine(),
            "--replication-factor must be >= 1, got " + replicationFactor);
      }
      try (StrandClient client = openClient(Map.of())) {
        await(client.admin().createTopic(new NewTopic(name, partitions, replicationFactor, configs)),
            "create topic " + name);
      }
      context().out().println("Created topic " + name + ".");
      return 0;
    }
  }

  /** {@code topics list} */
  @Command(name = "list", description = "List topic names, one per line.", mixinStandardHelpOptions = true)
  static final class ListTopics extends ClientCommand {
    @Option(names = "--include-internal", description = "Also list internal topics (names starting with __).")
    boolean includeInternal;

    @Override
    public Integer call() {
      try (StrandClient client = openClient(Map.of())) {
        await(client.admin().listTopics(includeInternal), "list topics").forEach(context().out()::println);
      }
      return 0;
    }
  }

  /** {@code topics describe NAME} */
  @Command(name = "describe", description = "Show partitions, leaders, replicas and offsets of a topic.",
      mixinStandardHelpOptions = true)
  static final class Describe extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    String name;

    @Override
    public Integer call() {
      TopicDescription topic;
      try (StrandClient client = openClient(Map.of())) {
        topic = await(client.admin().describeTopic(name), "describe topic " + name);
      }
      print(topic, context().out());
      return 0;
    }

    /** Prints in the layout of Kafka's {@code kafka-topics --describe}. */
    static void print(TopicDescription topic, PrintStream out) {
      out.printf("Topic: %s\tTopicId: %s\tPartitionCount: %d\tReplicationFactor: %d\tConfigs: %s%n", topic.name(),
          topic.topicId(), topic.partitions().size(), topic.replicationFactor(), configs(topic.configs()));
      for (PartitionInfo p : topic.partitions()) {
        out.printf("\tTopic: %s\tPartition: %d\tLeader: %s\tReplicas: %s\tLogStartOffset: %s\tHighWatermark: %s%n",
            topic.name(), p.partition(), p.leader().isPresent() ? Integer.toString(p.leader().getAsInt()) : "none",
            p.replicas().stream().map(String::valueOf).collect(Collectors.joining(",")), offset(p.logStartOffset()),
            offset(p.highWatermark()));
      }
    }

    private static String offset(long offset) {
      return offset < 0 ? "unknown" : Long.toString(offset);
    }
  }

  static String configs(Map<String, String> configs) {
    return new TreeMap<>(configs).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** {@code topics delete NAME} */
  @Command(name = "delete", description = "Delete a topic and all its data.", mixinStandardHelpOptions = true)
  static final class Delete extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    String name;

    @Override
    public Integer call() {
      try (StrandClient client = openClient(Map.of())) {
        await(client.admin().deleteTopic(name), "delete topic " + name);
      }
      context().out().println("Deleted topic " + name + ".");
      return 0;
    }
  }

  /** {@code topics alter NAME --config K=V...} */
  @Command(name = "alter", description = "Set topic config overrides (an empty value removes one).",
      mixinStandardHelpOptions = true)
  static final class Alter extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    String name;

    @Option(names = "--config", required = true, paramLabel = "K=V",
        description = "Config to set (K= removes the override); repeatable.")
    Map<String, String> configs = new LinkedHashMap<>();

    @Override
    public Integer call() {
      Map<String, String> result;
      try (StrandClient client = openClient(Map.of())) {
        result = await(client.admin().alterTopicConfig(name, configs), "alter topic " + name);
      }
      context().out().println("Updated topic " + name + ". Configs: " + configs(result));
      return 0;
    }
  }

  /** {@code topics add-partitions NAME --partitions N} */
  @Command(name = "add-partitions", description = "Grow a topic to N partitions.", mixinStandardHelpOptions = true)
  static final class AddPartitions extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    String name;

    @Option(names = "--partitions", required = true, paramLabel = "N", description = "The new total partition count.")
    int partitions;

    @Override
    public Integer call() {
      TopicDescription topic;
      try (StrandClient client = openClient(Map.of())) {
        topic = await(client.admin().createPartitions(name, partitions), "add partitions to " + name);
      }
      context().out().println("Topic " + name + " now has " + topic.partitions().size() + " partitions.");
      return 0;
    }
  }
}
