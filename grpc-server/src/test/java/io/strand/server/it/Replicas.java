package io.strand.server.it;

import io.strand.record.RecordBatch;
import io.strand.record.RecordBatches;
import io.strand.server.StrandNode;
import io.strand.store.log.LogReadResult;
import io.strand.store.partition.PartitionReplica;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads what a node's local replica of a partition holds, for comparing replicas in tests. */
final class Replicas {

  private Replicas() {}

  /** Every committed record value of the node's replica, in offset order, with the offsets checked contiguous. */
  static List<String> values(StrandNode node, String topic, int partition) {
    PartitionReplica replica = node.localReplica(topic, partition).orElseThrow(() -> new AssertionError(
        "node " + node.nodeId() + " hosts no replica of " + topic + "-" + partition));
    List<String> values = new ArrayList<>();
    long offset = replica.logStartOffset();
    long end = replica.highWatermark();
    while (offset < end) {
      LogReadResult read = replica.read(offset, 1024 * 1024);
      for (RecordBatch batch : RecordBatches.iterate(read.records())) {
        batch.ensureValid();
        for (var record : batch.records()) {
          if (record.offset() >= offset) {
            if (record.offset() != offset) {
              throw new AssertionError("gap at offset " + offset + " on node " + node.nodeId());
            }
            values.add(new String(record.value(), StandardCharsets.UTF_8));
            offset++;
          }
        }
      }
      if (read.isEmpty()) {
        break;
      }
    }
    return values;
  }
}
