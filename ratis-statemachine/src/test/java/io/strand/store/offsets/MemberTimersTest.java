package io.strand.store.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.store.offsets.HeartbeatRequest.Subscription;
import io.strand.store.offsets.MemberTimers.Expiry;
import io.strand.store.offsets.MemberTimers.Reason;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberTimersTest {
  private final GroupSim sim = new GroupSim(OffsetsConfig.defaults(), Map.of("t", 6));
  private final MemberTimers timers = new MemberTimers();

  @Test
  void everyMemberGetsAFullSessionWhenACoordinatorTakesOver() {
    sim.join("g", "a", Subscription.topics("t"));
    sim.join("g", "b", Subscription.topics("t"));
    sim.roundsUntilStable("g", 4);
    long start = 5_000;
    timers.reset(sim.state, start);

    assertThat(timers.sessions()).isEqualTo(2);
    assertThat(timers.due(start + OffsetsConfig.DEFAULT_SESSION_TIMEOUT_MS - 1)).isEmpty();
    timers.heartbeat("g", sim.group("g").member("a").orElseThrow(), start + 10_000);
    assertThat(timers.due(start + OffsetsConfig.DEFAULT_SESSION_TIMEOUT_MS))
        .containsExactly(new Expiry("g", "b", Reason.SESSION, -1));
  }

  @Test
  void revocationTimerRunsOnlyWhileTheMemberOwesARevocation() {
    sim.join("g", "a", Subscription.topics("t"));
    sim.roundsUntilStable("g", 3);
    sim.join("g", "b", Subscription.topics("t"));
    sim.members.get("a").heartbeat();
    GroupMember a = sim.group("g").member("a").orElseThrow();
    assertThat(a.state()).isEqualTo(MemberState.UNREVOKED_PARTITIONS);

    timers.sync(sim.group("g"), 0);
    assertThat(timers.due(OffsetsConfig.DEFAULT_REBALANCE_TIMEOUT_MS))
        .contains(new Expiry("g", "a", Reason.REVOCATION, a.memberEpoch()));

    sim.members.get("a").heartbeat(); // acknowledges
    timers.sync(sim.group("g"), 1);
    assertThat(timers.due(OffsetsConfig.DEFAULT_REBALANCE_TIMEOUT_MS).stream()
        .filter(e -> e.reason() == Reason.REVOCATION)).isEmpty();
  }

  @Test
  void timersOfRemovedMembersAndDeletedGroupsDisappear() {
    sim.join("g", "a", Subscription.topics("t"));
    sim.roundsUntilStable("g", 3);
    timers.reset(sim.state, 0);
    sim.members.get("a").leave();
    timers.sync(sim.group("g"), 0);
    assertThat(timers.sessions()).isZero();

    timers.reset(sim.state, 0);
    timers.heartbeat("h", GroupMember.joined("x"), 0);
    timers.forgetGroup("h");
    assertThat(timers.sessions()).isZero();
  }
}
