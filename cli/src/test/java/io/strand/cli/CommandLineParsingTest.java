package io.strand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.client.Routing;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Flags, defaults and usage errors, without a cluster. */
@Timeout(30)
class CommandLineParsingTest {
  private final CliHarness cli = new CliHarness(Map.of());

  private static StrandCli parse(Map<String, String> env, String... args) {
    CliContext context = new CliContext(new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), env);
    CommandLine commandLine = StrandCli.commandLine(context);
    commandLine.parseArgs(args);
    return commandLine.getCommand();
  }

  @Test
  void bootstrapDefaultsToTheEnvironmentThenLocalhost() {
    assertThat(parse(Map.of(), "cluster", "describe").bootstrap()).isEqualTo("localhost:7070");
    assertThat(parse(Map.of("STRAND_BOOTSTRAP", "e:1,f:2"), "cluster", "describe").bootstrap())
        .isEqualTo("e:1,f:2");
    assertThat(parse(Map.of("STRAND_BOOTSTRAP", "e:1"), "--bootstrap", "h:3", "cluster", "describe").bootstrap())
        .isEqualTo("h:3");
  }

  @Test
  void globalOptionsAreAcceptedBeforeOrAfterTheSubcommand() {
    StrandCli before = parse(Map.of(), "--bootstrap", "a:1", "--routing", "proxy", "topics", "list");
    StrandCli after = parse(Map.of(), "topics", "list", "--bootstrap", "a:1", "--routing", "PROXY");
    assertThat(before.bootstrap()).isEqualTo(after.bootstrap()).isEqualTo("a:1");
    assertThat(before.routing()).isEqualTo(after.routing()).isEqualTo(Routing.PROXY);
    assertThat(parse(Map.of(), "topics", "list").routing()).isEqualTo(Routing.DIRECT);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "bogus",
      "topics",
      "topics create",
      "topics create t --partitions 3",
      "topics create t --partitions x --replication-factor 1",
      "topics create t --partitions 0 --replication-factor 1",
      "topics alter t",
      "topics add-partitions t",
      "produce",
      "produce --topic t --acks some",
      "produce --topic t --key-separator=",
      "consume",
      "consume --topic t --from-beginning --offset 3",
      "consume --topic t --max-messages -1",
      "--routing smart cluster describe",
      "cluster",
      "cluster describe --unknown-flag",
      "perf-produce --topic t --records 10",
      "perf-consume --topic t",
      "perf-e2e --topic t",
      "--bootstrap"
  })
  void badCommandLinesAreUsageErrorsWithExitCode2(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");

    CliHarness.Run run = cli.run(args);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith("strand: ").contains("--help");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void helpAndVersionExitZero() {
    CliHarness.Run help = cli.run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("topics", "produce", "consume", "perf-produce", "perf-consume", "perf-e2e",
        "cluster", "--bootstrap", "--routing");
    CliHarness.Run topicsHelp = cli.run("topics", "create", "--help");
    assertThat(topicsHelp.exitCode()).isZero();
    assertThat(topicsHelp.out()).contains("--partitions", "--replication-factor", "--config");
    assertThat(cli.run("--version").out()).startsWith("strand ");
  }

  @Test
  void anUnreachableClusterFailsWithExitCode1AndOneLine() {
    CliHarness.Run run = cli.run("--bootstrap", "127.0.0.1:1", "--client-props",
        "default.api.timeout.ms=1500,retry.backoff.ms=50", "cluster", "describe");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("strand: ").contains("describe cluster");
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badClientPropsFailWithTheKeyNamed() {
    CliHarness.Run run = cli.run("--client-props", "no.such.key=1", "topics", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no.such.key");
  }
}
