package io.strand.store.partition;

import io.micrometer.core.instrument.MeterRegistry;
import io.strand.store.raft.RatisTuning;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Node-wide collaborators shared by every partition replica on a node; owned (created and shut down) by
 * {@link io.strand.store.raft.RaftNode}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param tuning Ratis tuning: entry limit, queue limits, snapshot thresholds
 * @param catchUpSource how a lagging follower fetches the leader's snapshot info and batches
 * @param catchUpExecutor runs follower catch-up (blocking network and disk I/O)
 * @param callbackExecutor completes append futures and feeds the next coalesced entry; never blocks
 * @param scheduler append timeouts
 * @param clock wall clock for the leader's append and retention timestamps
 * @param meters where partition metrics are registered
 */
public record PartitionServices(RatisTuning tuning, PartitionCatchUpSource catchUpSource, Executor catchUpExecutor,
                                Executor callbackExecutor, ScheduledExecutorService scheduler, Clock clock,
                                MeterRegistry meters) {
  public PartitionServices {
    Objects.requireNonNull(tuning, "tuning");
    Objects.requireNonNull(catchUpSource, "catchUpSource");
    Objects.requireNonNull(catchUpExecutor, "catchUpExecutor");
    Objects.requireNonNull(callbackExecutor, "callbackExecutor");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(meters, "meters");
  }
}
