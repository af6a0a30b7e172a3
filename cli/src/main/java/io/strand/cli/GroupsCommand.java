package io.strand.cli;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.admin.GroupDescription;
import io.strand.client.admin.GroupListing;
import io.strand.client.admin.OffsetResetTarget;
import java.io.PrintStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code strand groups list|describe|reset-offsets|delete}.
 *
 * <p>Not thread-safe; one instance runs one command.
 */
@Command(name = "groups", description = "List, describe, reset and delete consumer groups.",
    mixinStandardHelpOptions = true,
    subcommands = {GroupsCommand.ListGroups.class, GroupsCommand.Describe.class, GroupsCommand.ResetOffsets.class,
        GroupsCommand.Delete.class})
final class GroupsCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a groups subcommand is required");
  }

  /** {@code groups list}: one line per group, {@code GROUP STATE MEMBERS}. */
  @Command(name = "list", description = "List consumer groups: GROUP STATE MEMBERS per line.",
      mixinStandardHelpOptions = true)
  static final class ListGroups extends ClientCommand {
    @Override
    public Integer call() {
      try (StrandClient client = openClient(Map.of())) {
        for (GroupListing g : await(client.admin().listGroups(), "list groups")) {
          context().out().println(g.groupId() + " " + g.state() + " " + g.members());
        }
      }
      return 0;
    }
  }

  /** {@code groups describe G}: a header row, then one whitespace-separated row per partition. */
  @Command(name = "describe", description = "Show each partition's committed offset, log end offset, lag and owner.",
      mixinStandardHelpOptions = true)
  static final class Describe extends ClientCommand {
    @Parameters(index = "0", paramLabel = "GROUP", description = "Group id.")
    String group;

    @Override
    public Integer call() {
      GroupDescription d;
      try (StrandClient client = openClient(Map.of())) {
        d = await(client.admin().describeGroup(group), "describe group " + group);
      }
      PrintStream out = context().out();
      out.println("TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG MEMBER");
      for (GroupDescription.PartitionProgress p : d.partitions()) {
        out.println(p.partition().topic() + " " + p.partition().partition() + " " + dash(p.committedOffset()) + " "
            + dash(p.logEndOffset()) + " " + dash(p.lag()) + " " + (p.memberId().isEmpty() ? "-" : p.memberId()));
      }
      return 0;
    }

    private static String dash(long value) {
      return value < 0 ? "-" : Long.toString(value);
    }
  }

  /** {@code groups reset-offsets G --topic T --to-earliest|--to-latest|--to-offset O|--to-datetime ISO}. */
  @Command(name = "reset-offsets", description = "Move an empty group's committed offsets of a topic.",
      mixinStandardHelpOptions = true)
  static final class ResetOffsets extends ClientCommand {
    @Parameters(index = "0", paramLabel = "GROUP", description = "Group id (must have no members).")
    String group;

    @Option(names = "--topic", required = true, paramLabel = "T", description = "Topic whose offsets move.")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** Where to move the offsets; exactly one. */
    static final class Target {
      @Option(names = "--to-earliest", description = "The earliest stored offset.")
      boolean earliest;

      @Option(names = "--to-latest", description = "The log end offset.")
      boolean latest;

      @Option(names = "--to-offset", paramLabel = "O", description = "Offset O (clamped to the partition's range).")
      Long offset;

      @Option(names = "--to-datetime", paramLabel = "ISO",
          description = "First record at or after this time, e.g. 2026-01-31T12:00:00Z.")
      String datetime;
    }

    @Override
    public Integer call() {
      OffsetResetTarget resolved = resolve();
      Map<TopicPartition, Long> offsets;
      try (StrandClient client = openClient(Map.of())) {
        offsets = await(client.admin().resetOffsets(group, topic, resolved), "reset offsets of group " + group);
      }
      context().out().println("TOPIC PARTITION NEW-OFFSET");
      offsets.forEach((tp, o) -> context().out().println(tp.topic() + " " + tp.partition() + " " + o));
      return 0;
    }

    private OffsetResetTarget resolve() {
      if (target.earliest) {
        return OffsetResetTarget.earliest();
      }
      if (target.latest) {
        return OffsetResetTarget.latest();
      }
      if (target.offset != null) {
        if (target.offset < 0) {
          throw new ParameterException(spec.commandLine(), "--to-offset must be >= 0");
        }
        return OffsetResetTarget.offset(target.offset);
      }
      try {
        return OffsetResetTarget.timestamp(parseInstant(target.datetime).toEpochMilli());
      } catch (DateTimeParseException e) {
        throw new ParameterException(spec.commandLine(), "--to-datetime: '" + target.datetime
            + "' is not an ISO-8601 date-time such as 2026-01-31T12:00:00Z");
      }
    }

    private static Instant parseInstant(String text) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        return Instant.parse(text);
      }
    }
  }

  /** {@code groups delete G} */
  @Command(name = "delete", description = "Delete an empty group and its committed offsets.",
      mixinStandardHelpOptions = true)
  static final class Delete extends ClientCommand {
    @Parameters(index = "0", paramLabel = "GROUP", description = "Group id.")
    String group;

    @Override
    public Integer call() {
      try (StrandClient client = openClient(Map.of())) {
        await(client.admin().deleteGroup(group), "delete group " + group);
      }
      context().out().println("Deleted group " + group + ".");
      return 0;
    }
  }
}
