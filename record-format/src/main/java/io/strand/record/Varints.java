package io.strand.record;

import java.nio.ByteBuffer;

/** Zig-zag variable-length integers as used inside RecordBatch v2 records (protobuf's sint32/sint64 encoding). */
final class Varints {
  private Varints() {}

  static int sizeOfVarint(int value) {
    int v = (value << 1) ^ (value >> 31);
    int bytes = 1;
    while ((v & 0xffffff80) != 0) {
      bytes++;
      v >>>= 7;
    }
    return bytes;
  }

  static int sizeOfVarlong(long value) {
    long v = (value << 1) ^ (value >> 63);
    int bytes = 1;
    while ((v & 0xffffffffffffff80L) != 0L) {
      bytes++;
      v >>>= 7;
    }
    return bytes;
  }

  static void writeVarint(int value, GrowableBuffer out) {
    int v = (value << 1) ^ (value >> 31);
    while ((v & 0xffffff80) != 0) {
      out.put((byte) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.put((byte) v);
  }

  static void writeVarlong(long value, GrowableBuffer out) {
    long v = (value << 1) ^ (value >> 63);
    while ((v & 0xffffffffffffff80L) != 0L) {
      out.put((byte) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.put((byte) v);
  }

  static int readVarint(ByteBuffer in) {
    int raw = 0;
    int shift = 0;
    while (true) {
      if (!in.hasRemaining()) {
        throw new CorruptRecordException("record ends inside a varint");
      }
      byte b = in.get();
      raw |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 28) {
        throw new CorruptRecordException("varint is longer than 5 bytes");
      }
    }
    return (raw >>> 1) ^ -(raw & 1);
  }

  static long readVarlong(ByteBuffer in) {
    long raw = 0;
    int shift = 0;
    while (true) {
      if (!in.hasRemaining()) {
        throw new CorruptRecordException("record ends inside a varlong");
      }
      byte b = in.get();
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 63) {
        throw new CorruptRecordException("varlong is longer than 10 bytes");
      }
    }
    return (raw >>> 1) ^ -(raw & 1);
  }
}
