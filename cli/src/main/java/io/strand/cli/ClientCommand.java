package io.strand.cli;

import io.strand.client.ClientConfig;
import io.strand.client.StrandClient;
import io.strand.client.error.StrandException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every command that talks to a cluster: resolves the global {@code --bootstrap}/{@code --routing}
 * options (declared once on {@link StrandCli} and accepted before or after the subcommand) and opens a
 * {@link StrandClient}.
 *
 * <p>Not thread-safe; one instance runs one command.
 */
abstract class ClientCommand implements Callable<Integer> {
  /** Client id used by every command, so server logs show CLI traffic. */
  static final String CLIENT_ID = "strand-cli";

  @Spec
  CommandSpec spec;

  /** @return the top-level command holding the global options and the context */
  StrandCli root() {
    return (StrandCli) spec.root().userObject();
  }

  /** @return the process context */
  CliContext context() {
    return root().context();
  }

  /**
   * Opens a client for the global options plus {@code extra} client keys (other keys are ignored here).
   *
   * @param extra e.g. properties from {@code --producer-props}
   * @return the client; the caller closes it
   */
  StrandClient openClient(Map<String, String> extra) {
    Map<String, String> config = new HashMap<>(root().clientProps());
    extra.forEach((k, v) -> {
      if (ClientConfig.KEYS.contains(k)) {
        config.put(k, v);
      }
    });
    config.put(ClientConfig.BOOTSTRAP_SERVERS, root().bootstrap());
    config.put(ClientConfig.ROUTING, root().routing().configName());
    config.putIfAbsent(ClientConfig.CLIENT_ID, CLIENT_ID);
    config.putIfAbsent(ClientConfig.DEFAULT_API_TIMEOUT_MS, "30000");
    return StrandClient.create(ClientConfig.from(config));
  }

  /** @return the future's value; a failure is rethrown unwrapped (the SDK completes with StrandExceptions) */
  static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof StrandException se) {
        throw se;
      }
      throw new StrandException(what + ": " + cause, cause);
    }
  }

  /** @return {@code extra} without the client's own keys (what a producer or consumer config accepts) */
  static Map<String, String> withoutClientKeys(Map<String, String> extra) {
    Map<String, String> rest = new HashMap<>(extra);
    rest.keySet().removeAll(ClientConfig.KEYS);
    return rest;
  }
}
