package io.strand.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.grpc.health.v1.HealthCheckResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NodeReadinessTest {

  private boolean registered;
  private boolean offsetsTopic;
  private Optional<String> behind = Optional.of("local partition groups not yet reconciled");
  private long nanos;
  private final HealthStatusManager health = new HealthStatusManager();
  private final NodeReadiness readiness = new NodeReadiness(() -> registered, () -> offsetsTopic, () -> behind,
      () -> nanos, health);

  @Test
  void notReadyUntilRegisteredOffsetsTopicCreatedAndReconciled() {
    assertThat(readiness.notReadyReason()).hasValueSatisfying(r -> assertThat(r).contains("metadata not loaded"));
    registered = true;
    assertThat(readiness.notReadyReason()).hasValueSatisfying(r -> assertThat(r).contains("offsets topic"));
    offsetsTopic = true;
    assertThat(readiness.notReadyReason()).hasValueSatisfying(r -> assertThat(r).contains("reconciled"));
    behind = Optional.empty();
    assertThat(readiness.isReady()).isTrue();
  }

  @Test
  void aMetadataChangeAfterStartDoesNotFlipReadinessUnlessReconciliationStaysBehind() {
    registered = true;
    offsetsTopic = true;
    behind = Optional.empty();
    assertThat(readiness.isReady()).isTrue();

    behind = Optional.of("local partition groups not yet reconciled with metadata index 42");
    assertThat(readiness.isReady()).isTrue();
    nanos += NodeReadiness.RECONCILE_GRACE.toNanos();
    assertThat(readiness.isReady()).isTrue();
    nanos += Duration.ofSeconds(1).toNanos();
    assertThat(readiness.notReadyReason()).hasValueSatisfying(r -> assertThat(r)
        .contains("metadata index 42").contains("for more than 30 s"));

    behind = Optional.empty();
    assertThat(readiness.isReady()).isTrue();
    behind = Optional.of("behind again");
    nanos += Duration.ofMinutes(5).toNanos();
    assertThat(readiness.isReady()).as("the grace period restarts after catching up").isTrue();
  }

  @Test
  void healthFollowsReadinessAndClosingIsTerminal() {
    readiness.refresh();
    assertThat(status()).isEqualTo(ServingStatus.NOT_SERVING);
    registered = true;
    offsetsTopic = true;
    behind = Optional.empty();
    readiness.refresh();
    assertThat(status()).isEqualTo(ServingStatus.SERVING);
    readiness.close();
    readiness.refresh();
    assertThat(readiness.notReadyReason()).contains("shutting down");
    assertThat(status()).isEqualTo(ServingStatus.NOT_SERVING);
  }

  private ServingStatus status() {
    AtomicReference<ServingStatus> seen = new AtomicReference<>();
    ((io.grpc.health.v1.HealthGrpc.HealthImplBase) health.getHealthService()).check(
        HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
          @Override
          public void onNext(HealthCheckResponse value) {
            seen.set(value.getStatus());
          }

          @Override
          public void onError(Throwable t) {
            throw new AssertionError(t);
          }

          @Override
          public void onCompleted() {
          }
        });
    return seen.get();
  }
}
