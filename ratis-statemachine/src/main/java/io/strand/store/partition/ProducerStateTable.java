package io.strand.store.partition;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.ProducerBatch;
import io.strand.internal.proto.ProducerEntry;
import io.strand.internal.proto.ProducerStateSnapshot;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Idempotent-producer state of one partition: per producer id, the newest epoch and the last
 * {@value #BATCHES_PER_PRODUCER} appended batches' sequence ranges and offsets. Decides, deterministically from its
 * own state and the batch header, whether a batch is new, a duplicate of a recent append, or out of order:
 *
 * <ul>
 *   <li>producer id below 0: no deduplication, always appended;</li>
 *   <li>epoch older than the newest seen: {@code INVALID_PRODUCER_EPOCH} (the producer was fenced);</li>
 *   <li>a newer epoch, or a producer id never seen: the batch must start at sequence 0, else
 *       {@code OUT_OF_ORDER_SEQUENCE};</li>
 *   <li>same epoch: a batch with the same first and last sequence as one of the remembered batches is
 *       {@code DUPLICATE_SEQUENCE} with the original offsets; otherwise its first sequence must follow the last
 *       appended one (wrapping after {@link Integer#MAX_VALUE} to 0), else {@code OUT_OF_ORDER_SEQUENCE}.</li>
 * </ul>
 *
 * <p>Not thread-safe: mutated only by the partition's apply thread (or by catch-up while apply is excluded).
 */
public final class ProducerStateTable {
  /** Batches remembered per producer, as in Kafka (max.in.flight.requests.per.connection = 5). */
  public static final int BATCHES_PER_PRODUCER = 5;

  private final Map<Long, Producer> producers = new HashMap<>();

  /** The outcome of {@link #check}. */
  public enum Verdict { APPEND, DUPLICATE, REJECT }

  /**
   * The decision for one batch.
   *
   * @param verdict what to do with the batch
   * @param error NONE for APPEND, DUPLICATE_SEQUENCE for DUPLICATE, the rejection code otherwise
   * @param baseOffset for DUPLICATE, the original batch's base offset; -1 otherwise
   * @param lastOffset for DUPLICATE, the original batch's last offset; -1 otherwise
   * @param message detail for a duplicate or a rejection
   */
  public record Check(Verdict verdict, ErrorCode error, long baseOffset, long lastOffset, String message) {
    static final Check APPEND = new Check(Verdict.APPEND, ErrorCode.ERROR_CODE_NONE, -1, -1, "");

    static Check reject(ErrorCode error, String message) {
      return new Check(Verdict.REJECT, error, -1, -1, message);
    }
  }

  /** Decides what to do with a batch from the given producer; does not change the table. */
  public Check check(long producerId, short epoch, int firstSequence, int lastSequence) {
    if (producerId < 0) {
      return Check.APPEND;
    }
    if (firstSequence < 0 || lastSequence < 0) {
      return Check.reject(ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "producer " + producerId + " sent a batch without sequence numbers (base sequence " + firstSequence + ")");
    }
    Producer producer = producers.get(producerId);
    if (producer == null || epoch > producer.epoch) {
      return firstSequence == 0 ? Check.APPEND : Check.reject(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE,
          "producer " + producerId + " epoch " + epoch + " is new to this partition and must start at sequence 0, "
              + "got " + firstSequence);
    }
    if (epoch < producer.epoch) {
      return Check.reject(ErrorCode.ERROR_CODE_INVALID_PRODUCER_EPOCH,
          "producer " + producerId + " epoch " + epoch + " is older than the current epoch " + producer.epoch);
    }
    for (ProducerBatch batch : producer.batches) {
      if (batch.getFirstSequence() == firstSequence && batch.getLastSequence() == lastSequence) {
        return new Check(Verdict.DUPLICATE, ErrorCode.ERROR_CODE_DUPLICATE_SEQUENCE, batch.getBaseOffset(),
            batch.getLastOffset(), "batch with sequences " + firstSequence + ".." + lastSequence
                + " was already appended at offset " + batch.getBaseOffset());
      }
    }
    int expected = nextSequence(producer.batches.getLast().getLastSequence());
    if (firstSequence != expected) {
      return Check.reject(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE, "producer " + producerId + " epoch " + epoch
          + " expected sequence " + expected + ", got " + firstSequence);
    }
    return Check.APPEND;
  }

  /** Records an appended batch; call only after {@link #check} returned APPEND. */
  public void record(long producerId, short epoch, ProducerBatch batch, long appendTimeMs) {
    if (producerId < 0) {
      return;
    }
    Producer producer = producers.get(producerId);
    if (producer == null || epoch != producer.epoch) {
      producer = new Producer(epoch);
      producers.put(producerId, producer);
    }
    if (producer.batches.size() == BATCHES_PER_PRODUCER) {
      producer.batches.removeFirst();
    }
    producer.batches.addLast(batch);
    producer.lastAppendTimeMs = appendTimeMs;
  }

  /** Number of producer ids remembered. */
  public int size() {
    return producers.size();
  }

  /** Forgets everything (before installing state copied from the leader). */
  public void clear() {
    producers.clear();
  }

  /** The table as a snapshot message, producers ordered by id so equal tables serialize to equal bytes. */
  public ProducerStateSnapshot.Builder toProto() {
    ProducerStateSnapshot.Builder builder = ProducerStateSnapshot.newBuilder();
    producers.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder())).forEach(e ->
        builder.addProducers(ProducerEntry.newBuilder()
            .setProducerId(e.getKey())
            .setEpoch(e.getValue().epoch)
            .setLastAppendTimeMs(e.getValue().lastAppendTimeMs)
            .addAllBatches(e.getValue().batches)));
    return builder;
  }

  /** Replaces the table's content with a snapshot's. */
  public void load(ProducerStateSnapshot snapshot) {
    producers.clear();
    for (ProducerEntry entry : snapshot.getProducersList()) {
      Producer producer = new Producer((short) entry.getEpoch());
      producer.lastAppendTimeMs = entry.getLastAppendTimeMs();
      producer.batches.addAll(entry.getBatchesList());
      if (!producer.batches.isEmpty()) {
        producers.put(entry.getProducerId(), producer);
      }
    }
  }

  static int nextSequence(int sequence) {
    return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
  }

  private static final class Producer {
    final short epoch;
    final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>(BATCHES_PER_PRODUCER);
    long lastAppendTimeMs;

    Producer(short epoch) {
      this.epoch = epoch;
    }
  }
}
