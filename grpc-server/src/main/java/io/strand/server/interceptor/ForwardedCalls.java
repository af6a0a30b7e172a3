package io.strand.server.interceptor;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Loop prevention for server-side forwarding. A node that forwards a call to another node adds the
 * {@value #HEADER_NAME} header (its own node id); the receiving node sees it through {@link #isForwarded()} and
 * never forwards that call again: if it is not the leader either, it answers NOT_LEADER with its best hint and
 * the original node retries.
 *
 * <p>Stateless and thread-safe.
 */
public final class ForwardedCalls implements ServerInterceptor {

  public static final String HEADER_NAME = "strand-forwarded-by";
  public static final Metadata.Key<String> HEADER = Metadata.Key.of(HEADER_NAME, Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Integer> FORWARDED_BY = Context.key("strand-forwarded-by");

  /** Whether the current call came from another node. */
  public static boolean isForwarded() {
    return FORWARDED_BY.get() != null;
  }

  /** The current context marked as a call forwarded by {@code nodeId}. */
  public static Context forwardedContext(int nodeId) {
    return Context.current().withValue(FORWARDED_BY, nodeId);
  }

  /** Headers marking a call as forwarded by {@code nodeId}. */
  public static Metadata headers(int nodeId) {
    Metadata m = new Metadata();
    m.put(HEADER, Integer.toString(nodeId));
    return m;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                    ServerCallHandler<Q, R> next) {
    String value = headers.get(HEADER);
    if (value == null) {
      return next.startCall(call, headers);
    }
    int by;
    try {
      by = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      by = -1;
    }
    return Contexts.interceptCall(forwardedContext(by), call, headers, next);
  }
}
