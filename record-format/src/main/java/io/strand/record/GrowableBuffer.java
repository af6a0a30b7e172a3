package io.strand.record;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A byte sink that grows by doubling; the builder's scratch space. Not thread-safe. */
final class GrowableBuffer extends OutputStream {
  private byte[] bytes;
  private int size;

  GrowableBuffer(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  void put(byte b) {
    ensure(1);
    bytes[size++] = b;
  }

  void put(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, bytes, size, len);
    size += len;
  }

  void putInt(int v) {
    ensure(4);
    bytes[size++] = (byte) (v >>> 24);
    bytes[size++] = (byte) (v >>> 16);
    bytes[size++] = (byte) (v >>> 8);
    bytes[size++] = (byte) v;
  }

  @Override
  public void write(int b) {
    put((byte) b);
  }

  @Override
  public void write(byte[] src, int off, int len) {
    put(src, off, len);
  }

  /** A read-only-by-convention view of the written bytes; valid until the next write. */
  ByteBuffer view() {
    return ByteBuffer.wrap(bytes, 0, size);
  }

  void reset() {
    size = 0;
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
  }
}
