package io.strand.store.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OffsetsConfigTest {
  @Test
  void defaultsMatchTheDocumentation() {
    OffsetsConfig c = OffsetsConfig.defaults();
    assertThat(c.offsetsRetentionMs()).isEqualTo(Duration.ofDays(7).toMillis());
    assertThat(c.sessionTimeoutMs()).isEqualTo(45_000);
    assertThat(c.heartbeatIntervalMs()).isEqualTo(5_000);
    assertThat(c.defaultAssignor()).isEqualTo("uniform");
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(OffsetsConfig.builder().offsetsRetentionMinutes(90).build().offsetsRetentionMs())
        .isEqualTo(90 * 60_000L);
  }

  @Test
  void requestedTimeoutsAreClampedOrDefaulted() {
    OffsetsConfig c = OffsetsConfig.defaults();
    assertThat(c.effectiveSessionTimeoutMs(0)).isEqualTo(45_000);
    assertThat(c.effectiveSessionTimeoutMs(10)).isEqualTo(1_000);
    assertThat(c.effectiveSessionTimeoutMs(Integer.MAX_VALUE)).isEqualTo(1_800_000);
    assertThat(c.effectiveRebalanceTimeoutMs(0)).isEqualTo(300_000);
    assertThat(c.effectiveRebalanceTimeoutMs(7)).isEqualTo(7);
  }

  @Test
  void heartbeatIntervalStaysWellBelowTheMembersSession() {
    OffsetsConfig c = OffsetsConfig.defaults();
    assertThat(c.effectiveHeartbeatIntervalMs(45_000)).isEqualTo(5_000);
    assertThat(c.effectiveHeartbeatIntervalMs(3_000)).isEqualTo(1_000);
    assertThat(c.effectiveHeartbeatIntervalMs(1_000)).isEqualTo(333);
    assertThat(c.effectiveHeartbeatIntervalMs(2)).isEqualTo(1);
  }

  @Test
  void invalidValuesSayWhatToFix() {
    assertThatThrownBy(() -> OffsetsConfig.builder().offsetsRetentionMs(10).build())
        .hasMessageContaining("offsets.retention.minutes");
    assertThatThrownBy(() -> OffsetsConfig.builder().heartbeatIntervalMs(45_000).build())
        .hasMessageContaining("heartbeat interval");
    assertThatThrownBy(() -> OffsetsConfig.builder().defaultAssignor("sticky").build())
        .hasMessageContaining("[range, uniform]");
    assertThatThrownBy(() -> OffsetsConfig.builder().minSessionTimeoutMs(50_000).build())
        .hasMessageContaining("session timeout");
  }
}
