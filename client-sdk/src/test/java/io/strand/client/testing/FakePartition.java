package io.strand.client.testing;

import io.strand.api.v1.ErrorCode;
import io.strand.record.Record;
import io.strand.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory partition log for the fake cluster: assigns offsets, keeps raw batches, and applies the
 * idempotent-producer rules the real state machine applies (duplicate → original offset, gap →
 * OUT_OF_ORDER_SEQUENCE). Thread-safe (synchronized).
 */
public final class FakePartition {
  record Stored(long baseOffset, long lastOffset, ByteBuffer bytes) {}

  record AppendOutcome(ErrorCode code, long baseOffset) {}

  private record ProducerEntry(int firstSeq, int lastSeq, long baseOffset) {}

  private final List<Stored> batches = new ArrayList<>();
  private final Map<Long, List<ProducerEntry>> producers = new HashMap<>();
  private long logStartOffset;
  private long endOffset;
  volatile int leaderId;

  FakePartition(int leaderId) {
    this.leaderId = leaderId;
  }

  synchronized AppendOutcome append(ByteBuffer raw) {
    ByteBuffer copy = ByteBuffer.allocate(raw.remaining()).put(raw.duplicate()).flip();
    RecordBatch batch = RecordBatch.wrap(copy);
    batch.ensureValid();
    long pid = batch.producerId();
    if (pid >= 0) {
      List<ProducerEntry> entries = producers.computeIfAbsent(pid, k -> new ArrayList<>());
      for (ProducerEntry e : entries) {
        if (e.firstSeq() == batch.baseSequence()) {
          return new AppendOutcome(ErrorCode.ERROR_CODE_DUPLICATE_SEQUENCE, e.baseOffset());
        }
      }
      int expected = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).lastSeq() + 1;
      if (batch.baseSequence() != expected) {
        return new AppendOutcome(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE, -1);
      }
      entries.add(new ProducerEntry(batch.baseSequence(), batch.lastSequence(), endOffset));
      if (entries.size() > 5) {
        entries.remove(0);
      }
    }
    long base = endOffset;
    batch.setBaseOffset(base);
    batches.add(new Stored(base, batch.lastOffset(), copy));
    endOffset = batch.lastOffset() + 1;
    notifyAll();
    return new AppendOutcome(ErrorCode.ERROR_CODE_NONE, base);
  }

  /** Whole batches from the one containing {@code offset}, up to maxBytes (at least one). */
  synchronized ByteBuffer read(long offset, int maxBytes) {
    List<Stored> out = new ArrayList<>();
    int size = 0;
    for (Stored s : batches) {
      if (s.lastOffset() < offset) {
        continue;
      }
      if (!out.isEmpty() && size + s.bytes().remaining() > maxBytes) {
        break;
      }
      out.add(s);
      size += s.bytes().remaining();
    }
    ByteBuffer result = ByteBuffer.allocate(size);
    out.forEach(s -> result.put(s.bytes().duplicate()));
    return result.flip();
  }

  synchronized void awaitData(long offset, long maxWaitMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + maxWaitMs;
    while (endOffset <= offset) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }

  public synchronized long endOffset() {
    return endOffset;
  }

  synchronized long logStartOffset() {
    return logStartOffset;
  }

  public synchronized void deleteBefore(long offset) {
    logStartOffset = Math.max(logStartOffset, Math.min(offset, endOffset));
    batches.removeIf(s -> s.lastOffset() < logStartOffset);
  }

  /** First offset with a timestamp at or after ts, and that record's timestamp; null if none. */
  synchronized long[] offsetForTimestamp(long ts) {
    for (Stored s : batches) {
      for (Record r : RecordBatch.wrap(s.bytes().duplicate()).records()) {
        if (r.timestampMs() >= ts && r.offset() >= logStartOffset) {
          return new long[] {r.offset(), r.timestampMs()};
        }
      }
    }
    return null;
  }

  /** Every record, decoded, for assertions. */
  public synchronized List<Record> records() {
    List<Record> all = new ArrayList<>();
    batches.forEach(s -> all.addAll(RecordBatch.wrap(s.bytes().duplicate()).records()));
    return all;
  }

  /** Raw batches, for assertions on how the producer encoded them. */
  public synchronized List<RecordBatch> rawBatches() {
    return batches.stream().map(s -> RecordBatch.wrap(s.bytes().duplicate())).toList();
  }
}
