package io.strand.client.internal.producer;

import io.strand.record.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Upper bounds of a record's encoded size inside a RecordBatch v2 (varint lengths exact, offset and
 * timestamp deltas at their maximum), used for buffer accounting and batch-size decisions before the record
 * is encoded.
 *
 * <p>Not API. Stateless; thread-safe.
 */
final class RecordSizes {
  private static final int ATTRIBUTES = 1;
  private static final int MAX_TIMESTAMP_DELTA = 10;
  private static final int MAX_OFFSET_DELTA = 5;

  private RecordSizes() {}

  /** @return the most bytes this record can take in a batch */
  static int upperBound(byte[] key, byte[] value, List<Header> headers) {
    int body = ATTRIBUTES + MAX_TIMESTAMP_DELTA + MAX_OFFSET_DELTA;
    body += lengthPrefixed(key);
    body += lengthPrefixed(value);
    body += varintSize(headers.size());
    for (Header header : headers) {
      body += lengthPrefixed(header.key().getBytes(StandardCharsets.UTF_8));
      body += lengthPrefixed(header.value());
    }
    return body + varintSize(body);
  }

  private static int lengthPrefixed(byte[] bytes) {
    return bytes == null ? varintSize(-1) : varintSize(bytes.length) + bytes.length;
  }

  /** @return bytes of a zig-zag varint */
  static int varintSize(int value) {
    int v = (value << 1) ^ (value >> 31);
    int bytes = 1;
    while ((v & 0xffffff80) != 0) {
      bytes++;
      v >>>= 7;
    }
    return bytes;
  }
}
