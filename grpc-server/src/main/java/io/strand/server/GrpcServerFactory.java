package io.strand.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.strand.server.config.ServerConfig;
import io.strand.server.interceptor.ExceptionMappingInterceptor;
import io.strand.server.interceptor.ForwardedCalls;
import io.strand.server.interceptor.MetricsInterceptor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds and binds the client-facing gRPC server: the API services behind the interceptors (metrics outermost,
 * then forwarded-call marking, then exception mapping), plus health checking and server reflection.
 *
 * <p>Stateless.
 */
final class GrpcServerFactory {

  /** Slack above server.max.request.bytes so that slightly larger requests get Strand's own clear error. */
  private static final int TRANSPORT_SLACK_BYTES = 1024 * 1024;

  private GrpcServerFactory() {}

  static Server start(ServerConfig config, List<BindableService> services, HealthStatusManager health,
                      MetricsInterceptor metrics) throws IOException {
    NettyServerBuilder builder = NettyServerBuilder
        .forAddress(new InetSocketAddress(config.bindHost(), config.grpcPort()))
        .maxInboundMessageSize(config.maxRequestBytes() + TRANSPORT_SLACK_BYTES)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    for (BindableService service : services) {
      builder.addService(ServerInterceptors.intercept(service, new ExceptionMappingInterceptor(),
          new ForwardedCalls(), metrics));
    }
    Server server = builder.build();
    try {
      return server.start();
    } catch (IOException e) {
      if (isBindFailure(e)) {
        throw new IOException("grpc.port " + config.grpcPort() + " on " + config.bindHost() + " is already in use;"
            + " stop the other process or set grpc.port to a free port", e);
      }
      throw new IOException("cannot start the gRPC server on " + config.bindHost() + ":" + config.grpcPort()
          + ": " + e.getMessage(), e);
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Failed to bind")) {
        return true;
      }
    }
    return false;
  }
}
