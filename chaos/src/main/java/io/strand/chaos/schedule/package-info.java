/**
 * What faults a run injects and when: the fault vocabulary ({@link io.strand.chaos.schedule.FaultKind},
 * {@link io.strand.chaos.schedule.NodeTarget}), one timed fault ({@link io.strand.chaos.schedule.FaultSpec}), a
 * whole plan with a text form that can be printed and replayed ({@link io.strand.chaos.schedule.FaultPlan}), and
 * the seeded random {@link io.strand.chaos.schedule.FaultScheduler}.
 *
 * <p>Pure values and arithmetic: no threads, no I/O. Must never depend on the fault primitives, the cluster or
 * the SDK; the nemesis turns plans into actions.
 */
package io.strand.chaos.schedule;
