package io.strand.client.internal.producer;

import java.util.NavigableMap;
import java.util.TreeMap;

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
  private ProducerIdentity identity;
  private int nextSequence;
  private int inFlight;
  private boolean broken;

  /** @return the identity new batches get, or null before one was assigned */
  ProducerIdentity identity() {
    return identity;
  }

  /** Starts numbering from 0 under {@code fresh}. */
  void reset(ProducerIdentity fresh) {
    identity = fresh;
    nextSequence = 0;
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

  void sent() {
    inFlight++;
  }

  void answered() {
    inFlight--;
  }

  int inFlight() {
    return inFlight;
  }
}
