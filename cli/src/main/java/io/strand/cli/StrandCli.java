package io.strand.cli;

import io.strand.client.Routing;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code bin/strand}: the console, admin and load tools of Strand, and {@code strand server} to run a node.
 *
 * <p>Exit codes: 0 success; 1 failure, with a one-line reason on standard error ({@code strand: ...});
 * 2 usage error (unknown command, bad or missing flag).
 *
 * <p>Not thread-safe; one instance runs one command line.
 */
@Command(name = "strand", mixinStandardHelpOptions = true, versionProvider = StrandCli.Version.class,
    description = "Strand command-line tools.",
    subcommands = {TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class, PerfProduceCommand.class,
        PerfConsumeCommand.class, PerfE2eCommand.class, ClusterCommand.class, GroupsCommand.class})
public final class StrandCli implements Runnable {
  /** Default client port when neither --bootstrap nor STRAND_BOOTSTRAP is given. */
  static final String DEFAULT_BOOTSTRAP = "localhost:7070";
  /** Exit code for failures. */
  static final int EXIT_FAILURE = 1;
  /** Exit code for usage errors. */
  static final int EXIT_USAGE = 2;

  private final CliContext context;

  @Spec
  private CommandSpec spec;

  @Option(names = "--bootstrap", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "Nodes to contact (default: $STRAND_BOOTSTRAP, else " + DEFAULT_BOOTSTRAP + ").")
  private String bootstrap;

  @Option(names = "--routing", scope = ScopeType.INHERIT, paramLabel = "direct|proxy",
      converter = RoutingConverter.class,
      description = "direct: partition calls go to the leader; proxy: every call goes to the bootstrap address "
          + "(for clients behind a load balancer). Default: direct.")
  private Routing routing;

  @Option(names = "--client-props", scope = ScopeType.INHERIT, paramLabel = "K=V", split = ",",
      description = "Client configs for every call, comma-separated or repeated "
          + "(e.g. default.api.timeout.ms=5000,request.timeout.ms=10000).")
  private Map<String, String> clientProps = new LinkedHashMap<>();

  /** @param context streams and environment */
  public StrandCli(CliContext context) {
    this.context = context;
  }

  /** Runs {@code args} against the real process streams and exits with the command's code. */
  public static void main(String[] args) {
    // gRPC and Ratis' shaded gRPC log through java.util.logging; route it to the same stderr format and levels.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    int code = execute(CliContext.system(), args);
    System.out.flush();
    // The only exit point of the CLI: the launcher and scripts rely on the exit code.
    System.exit(code);
  }

  /**
   * Parses and runs one command line.
   *
   * @param context streams and environment
   * @param args the arguments
   * @return the exit code (0 ok, 1 failure, 2 usage error)
   */
  public static int execute(CliContext context, String... args) {
    CommandLine commandLine = commandLine(context);
    return commandLine.execute(args);
  }

  /** @return the configured command line (exposed for tests and the server subcommand's env defaults) */
  static CommandLine commandLine(CliContext context) {
    CommandLine commandLine = new CommandLine(new StrandCli(context));
    commandLine.addSubcommand(new ServerCommand());
    commandLine.getSubcommands().get("server").setDefaultValueProvider(new EnvironmentDefaults(context.env()));
    commandLine.setOut(new PrintWriter(context.out(), true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(context.err(), true, StandardCharsets.UTF_8));
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("strand: " + Failures.oneLine(e));
      return EXIT_FAILURE;
    });
    commandLine.setParameterExceptionHandler(StrandCli::usageError);
    return commandLine;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr().println("strand: " + e.getMessage());
    cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    return EXIT_USAGE;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }

  /** @return where client commands connect */
  String bootstrap() {
    if (bootstrap != null && !bootstrap.isBlank()) {
      return bootstrap;
    }
    String fromEnv = context.env().get("STRAND_BOOTSTRAP");
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_BOOTSTRAP : fromEnv;
  }

  /** @return client configs given with --client-props */
  Map<String, String> clientProps() {
    return clientProps;
  }

  /** @return the routing mode */
  Routing routing() {
    return routing == null ? Routing.DIRECT : routing;
  }

  /** @return streams and environment */
  CliContext context() {
    return context;
  }

  /** Reads the version from the jar manifest (absent when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = StrandCli.class.getPackage().getImplementationVersion();
      return new String[] {"strand " + (version == null ? "(development build)" : version)};
    }
  }
}
