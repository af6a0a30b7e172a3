package io.strand.record;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One decoded record.
 *
 * @param offset the absolute offset (batch base offset plus the record's offset delta)
 * @param timestampMs the record timestamp in milliseconds since the epoch (create or log-append time, per the batch)
 * @param key the key, null when absent
 * @param value the value, null for a tombstone
 * @param headers the headers in order, never null
 */
public record Record(long offset, long timestampMs, byte[] key, byte[] value, List<Header> headers) {
  public Record {
    headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Record r
        && offset == r.offset
        && timestampMs == r.timestampMs
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(offset, timestampMs, Arrays.hashCode(key), Arrays.hashCode(value), headers);
  }

  @Override
  public String toString() {
    return "Record[offset=" + offset + ", timestampMs=" + timestampMs
        + ", key=" + (key == null ? "null" : key.length + "B")
        + ", value=" + (value == null ? "null" : value.length + "B") + ", headers=" + headers.size() + "]";
  }
}
