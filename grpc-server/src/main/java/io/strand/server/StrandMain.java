package io.strand.server;

import io.strand.server.config.ServerConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal launcher for one node, used by the multi-process tests: {@code --KEY VALUE} pairs where KEY is a
 * config key with dots or dashes ({@code --node-id 1 --data-dir d --peers 1=h:p,...}). The real command line is
 * {@code bin/strand server} in the cli module.
 *
 * <p>Start-up failures propagate as exceptions (non-zero exit); SIGTERM closes the node gracefully.
 */
public final class StrandMain {

  private StrandMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    ServerConfig config = ServerConfig.fromProperties(parse(args));
    StrandNode node = StrandNode.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "strand-shutdown"));
    System.out.println("strand node " + node.nodeId() + " started: grpc port " + node.grpcPort());
    node.awaitTermination();
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --KEY VALUE pairs, got '" + args[i] + "'");
      }
      values.put(args[i].substring(2).replace('-', '.'), args[i + 1]);
    }
    return values;
  }
}
