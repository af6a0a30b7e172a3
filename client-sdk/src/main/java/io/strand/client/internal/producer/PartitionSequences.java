package io.strand.client.internal.producer;

import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One partition's idempotence and in-flight bookkeeping on the sender thread: the producer identity and
 * next sequence for new batches, the batches sent but not yet resolved, and whether the sequence is broken
 * (a numbered batch failed for good, or the server reported a gap) so that the partition must switch to a
 * fresh producer id before new batches can be numbered.
 *
 * <p>Not API. Not thread-safe: confined to the sender thread.
 */
final class PartitionSequences {
  private final NavigableMap<Long, ProducerBatch> unresolved = new TreeMap<>();
  private final NavigableSet<Long> inFlight = new TreeSet<>();
  private ProducerIdentity identity;
  private int nextSequence;
  private int lastAckedSequence = -1;
  private boolean broken;

  /** @return the identity new batches get, or null before one was assigned */
  ProducerIdentity identity() {
    return identity;
  }

  /** Starts numbering from 0 under {@code fresh}. */
  void reset(ProducerIdentity fresh) {
    identity = fresh;
    nextSequence = 0;
    lastAckedSequence = -1;
    broken = false;
  }

  /** @return the base sequence for a batch of {@code records} records; advances the counter (wrapping) */
  int takeSequence(int records) {
    int base = nextSequence;
    long next = (long) nextSequence + records;
    nextSequence = (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next);
    return base;
  }

  /** Tracks a numbered batch until it is resolved. */
  void track(ProducerBatch batch) {
    unresolved.put(batch.id(), batch);
  }

  /** Stops tracking a batch (succeeded, failed, or proven not written). */
  void resolve(ProducerBatch batch) {
    unresolved.remove(batch.id());
  }

  /** Notes that the server acknowledged {@code batch}, so its sequences are written. */
  void acknowledged(ProducerBatch batch) {
    if (identity != null && identity.equals(batch.identity())) {
      lastAckedSequence = Math.max(lastAckedSequence, batch.baseSequence() + batch.recordCount() - 1);
    }
  }

  /**
   * @return whether {@code batch} is the very next batch the partition expects under the current identity,
   *     i.e. everything before it has been acknowledged
   */
  boolean isNextExpected(ProducerBatch batch) {
    return identity != null && identity.equals(batch.identity()) && batch.baseSequence() == lastAckedSequence + 1;
  }

  /**
   * @return whether a younger batch of {@code batch}'s identity was acknowledged, which proves {@code batch} was
   *     written (the server appends a producer's batches only in sequence order)
   */
  boolean isAcknowledgedPast(ProducerBatch batch) {
    return identity != null && identity.equals(batch.identity()) && batch.baseSequence() >= 0
        && batch.baseSequence() + batch.recordCount() - 1 < lastAckedSequence;
  }

  /** @return whether an older numbered batch of the same identity is still unresolved */
  boolean hasOlderUnresolved(ProducerBatch batch) {
    return unresolved.headMap(batch.id(), false).values().stream()
        .anyMatch(b -> b.identity() != null && b.identity().equals(batch.identity()));
  }

  /** @return whether nothing numbered is unresolved */
  boolean allResolved() {
    return unresolved.isEmpty();
  }

  void markBroken() {
    broken = true;
  }

  boolean isBroken() {
    return broken;
  }

  void sent(ProducerBatch batch) {
    inFlight.add(batch.id());
  }

  void answered(ProducerBatch batch) {
    inFlight.remove(batch.id());
  }

  int inFlight() {
    return inFlight.size();
  }

  /** @return whether every batch in flight is older than {@code batch} (so sending it keeps creation order) */
  boolean onlyOlderInFlight(ProducerBatch batch) {
    return inFlight.isEmpty() || inFlight.last() < batch.id();
  }
}
