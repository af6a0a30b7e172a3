package io.strand.store.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.rpc.CallId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back Raft groups that stopped on this node while the node kept running. Ratis closes a division for good
 * when its state machine updater or Raft log worker fails, a Raft log write failure (for example {@code ENOSPC})
 * leaves the log refusing every later write, and a partition replica takes its own division offline after a failed
 * apply; before this class, all of these needed a node restart. Every {@code groupRestartDelayMin} it looks for
 * divisions in state {@code CLOSED} or {@code EXCEPTION}, removes them from the server (keeping their storage), and
 * adds them back with {@code RECOVER}: the registry builds a fresh state machine that loads its last snapshot, and
 * Ratis replays the Raft log after it, exactly as after a process restart. A restart that fails (the disk is still
 * full) is retried; a group that stops again within a minute of its restart waits twice as long next time, up to
 * {@code groupRestartDelayMax}; and no group is added back while the storage has less than a Raft segment free.
 *
 * <p>Thread-safe: passes run one at a time on the given single-threaded scheduler; {@link #isRestarting} may be
 * called from any thread.
 */
final class GroupRestarter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupRestarter.class);
  private static final Set<LifeCycle.State> STOPPED = EnumSet.of(LifeCycle.State.CLOSED, LifeCycle.State.EXCEPTION);
  private static final Duration STABLE_AFTER = Duration.ofMinutes(1);
  private static final long OPERATION_TIMEOUT_MS = 30_000;

  private final String name;
  private final Supplier<RaftServer> server;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Duration minDelay;
  private final Duration maxDelay;
  private final ClientId clientId = ClientId.randomId();
  /** Groups removed from the server and not yet added back, with the group's last configuration. */
  private final Map<RaftGroupId, RaftGroup> removed = new ConcurrentHashMap<>();
  private final Map<RaftGroupId, Backoff> backoffs = new HashMap<>();
  private final Path storageDir;
  private final long minFreeBytes;
  private boolean waitingForSpace;

  /**
   * @param storageDir the Raft storage directory; groups are not added back while its file system has less than
   *     {@code minFreeBytes} usable: a starting group writes Ratis metadata (term, vote, configuration), and Ratis
   *     writes those files through a stream that can rename an empty file into place when the disk is full
   */
  GroupRestarter(String name, Supplier<RaftServer> server, ScheduledExecutorService scheduler, Clock clock,
                 Duration minDelay, Duration maxDelay, Path storageDir, long minFreeBytes) {
    this.name = name;
    this.server = server;
    this.scheduler = scheduler;
    this.clock = clock;
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
    this.storageDir = storageDir;
    this.minFreeBytes = minFreeBytes;
  }

  private boolean hasSpace() {
    long usable;
    try {
      usable = Files.getFileStore(storageDir).getUsableSpace();
    } catch (IOException e) {
      usable = -1;
    }
    boolean enough = usable >= minFreeBytes;
    if (!enough && !waitingForSpace) {
      LOG.warn("{}: only {} bytes usable under {}; stopped groups are restarted once {} bytes are free", name,
          usable, storageDir, minFreeBytes);
    }
    waitingForSpace = !enough;
    return enough;
  }

  void start() {
    scheduler.scheduleWithFixedDelay(this::pass, minDelay.toMillis(), minDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** True while the group is out of the server for a restart: it is still this node's group. */
  boolean isRestarting(RaftGroupId groupId) {
    return removed.containsKey(groupId);
  }

  /** One pass: take stopped divisions out, add back the ones whose delay has passed. */
  void pass() {
    try {
      RaftServer current = server.get();
      long now = clock.millis();
      for (RaftGroupId id : current.getGroupIds()) {
        checkDivision(current, id, now);
      }
      if (removed.isEmpty() || !hasSpace()) {
        return;
      }
      for (RaftGroup group : Map.copyOf(removed).values()) {
        Backoff backoff = backoffs.get(group.getGroupId());
        if (backoff == null || now >= backoff.nextAttemptMs) {
          addBack(current, group, now);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: group restart pass failed", name, e);
    }
  }

  private void checkDivision(RaftServer current, RaftGroupId id, long now) {
    RaftServer.Division division;
    try {
      division = current.getDivision(id);
    } catch (IOException e) {
      return;
    }
    LifeCycle.State state = division.getInfo().getLifeCycleState();
    Backoff backoff = backoffs.get(id);
    if (!STOPPED.contains(state)) {
      if (backoff != null && backoff.restartedAtMs >= 0 && now - backoff.restartedAtMs >= STABLE_AFTER.toMillis()) {
        backoffs.remove(id);
      }
      return;
    }
    RaftGroup group = division.getGroup();
    LOG.warn("{}: Raft group {} stopped ({}); restarting it from its storage", name, id, state);
    if (remove(current, id)) {
      removed.put(id, group);
      Backoff next = backoff == null ? new Backoff(minDelay.toMillis()) : backoff.doubled(maxDelay.toMillis());
      next.nextAttemptMs = now + next.delayMs;
      backoffs.put(id, next);
    }
  }

  private boolean remove(RaftServer current, RaftGroupId id) {
    // Neither delete nor rename: the storage is what the restart recovers from.
    GroupManagementRequest request = GroupManagementRequest.newRemove(clientId, current.getId(),
        CallId.getAndIncrement(), id, false, false);
    try {
      RaftClientReply reply = current.groupManagementAsync(request).get(OPERATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      if (!reply.isSuccess()) {
        LOG.warn("{}: could not remove stopped group {}: {}", name, id, reply.getException());
        return false;
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("{}: could not remove stopped group {}", name, id, e);
      return false;
    }
  }

  private void addBack(RaftServer current, RaftGroup group, long now) {
    RaftGroupId id = group.getGroupId();
    GroupManagementRequest request = GroupManagementRequest.newAdd(clientId, current.getId(),
        CallId.getAndIncrement(), group, false);
    Backoff backoff = backoffs.computeIfAbsent(id, k -> new Backoff(minDelay.toMillis()));
    try {
      RaftClientReply reply = current.groupManagementAsync(request).get(OPERATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      if (!reply.isSuccess()) {
        throw new ExecutionException(reply.getException());
      }
      removed.remove(id);
      backoff.restartedAtMs = now;
      LOG.info("{}: Raft group {} restarted", name, id);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      Backoff next = backoff.doubled(maxDelay.toMillis());
      next.nextAttemptMs = now + next.delayMs;
      backoffs.put(id, next);
      LOG.warn("{}: restarting Raft group {} failed, next attempt in {} ms: {}", name, id, next.delayMs,
          rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }

  /** Stops restarting and waits for a running pass, so that no group is re-added to a server that is closing. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(OPERATION_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        LOG.warn("{}: a group restart pass did not stop within {} ms", name, OPERATION_TIMEOUT_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Per-group restart delay; touched only by the pass thread. */
  private static final class Backoff {
    final long delayMs;
    long nextAttemptMs;
    long restartedAtMs = -1;

    Backoff(long delayMs) {
      this.delayMs = delayMs;
    }

    Backoff doubled(long maxMs) {
      return new Backoff(Math.min(maxMs, delayMs * 2));
    }
  }
}
