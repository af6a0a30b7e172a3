package io.strand.store.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationStatusTest {

  private static final ReplicationStatus.LagLimits LIMITS =
      new ReplicationStatus.LagLimits(Duration.ofSeconds(4), 1000);

  private static ReplicationStatus leader(long commitIndex, ReplicationStatus.Follower... followers) {
    return new ReplicationStatus(true, commitIndex, List.of(followers), LIMITS);
  }

  @Test
  void leaderWithCurrentRespondingFollowersIsFullyReplicated() {
    ReplicationStatus status = leader(5000, new ReplicationStatus.Follower(2, 4990, 100),
        new ReplicationStatus.Follower(3, 5000, 3999));

    assertThat(status.isUnderReplicated()).isFalse();
    assertThat(status.maxFollowerLagEntries()).isEqualTo(10);
  }

  @Test
  void followerSilentLongerThanTheResponseLimitIsLagging() {
    ReplicationStatus status = leader(5000, new ReplicationStatus.Follower(2, 5000, 4001));

    assertThat(status.isUnderReplicated()).isTrue();
    assertThat(status.maxFollowerLagEntries()).isZero();
  }

  @Test
  void followerTooFarBehindTheCommitIndexIsLagging() {
    ReplicationStatus status = leader(5000, new ReplicationStatus.Follower(2, 5000, 10),
        new ReplicationStatus.Follower(3, 3999, 10));

    assertThat(status.isUnderReplicated()).isTrue();
    assertThat(status.maxFollowerLagEntries()).isEqualTo(1001);
  }

  @Test
  void onlyLeadersReportUnderReplication() {
    ReplicationStatus follower = new ReplicationStatus(false, 5000, List.of(), LIMITS);

    assertThat(follower.isUnderReplicated()).isFalse();
    assertThat(follower.maxFollowerLagEntries()).isZero();
    assertThat(ReplicationStatus.UNKNOWN.isUnderReplicated()).isFalse();
  }

  @Test
  void limitsFollowTheElectionTimeout() {
    assertThat(ReplicationStatus.LagLimits.forElectionTimeout(Duration.ofMillis(1500)).maxResponseAge())
        .isEqualTo(Duration.ofSeconds(3));
  }
}
