package io.strand.client.internal;

import io.strand.api.v1.NodeEndpoint;

/**
 * A gRPC endpoint, {@code host:port}.
 *
 * <p>Not API. Immutable value; thread-safe.
 *
 * @param host host name or address (IPv6 literals without brackets)
 * @param port TCP port, 1..65535
 */
public record Endpoint(String host, int port) {

  /** Validates the fields. */
  public Endpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, got " + port);
    }
  }

  /**
   * Parses {@code host:port} or {@code [v6addr]:port}.
   *
   * @param hostPort the text
   * @return the endpoint
   * @throws IllegalArgumentException with a message saying what is wrong
   */
  public static Endpoint parse(String hostPort) {
    String text = hostPort.trim();
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port is not a number in '" + hostPort + "'");
    }
    return new Endpoint(host, port);
  }

  /** @return the endpoint of a proto node description */
  public static Endpoint of(NodeEndpoint node) {
    return new Endpoint(node.getHost(), node.getPort());
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
