package io.strand.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-write {@link FileChannel} on one file, shared by the log's writer and its readers, that survives other
 * threads' interrupts. A thread interrupted during channel I/O closes the channel for everyone (JDK {@code
 * InterruptibleChannel} semantics), which would take a whole partition down because some reader was cancelled.
 * Here the interrupted thread gets its {@link ClosedByInterruptException}, and the next caller that finds the
 * channel closed reopens it and retries once. Positional I/O makes a reopened channel equivalent to the old one;
 * a failed positional read or write transfers nothing, so the retry is safe.
 *
 * <p>Thread-safe. {@link #close()} is final: afterwards every operation fails with {@link ClosedChannelException}.
 */
public final class SharedFileChannel implements AutoCloseable {
  private final Path path;
  private volatile FileChannel channel;
  private volatile boolean closed;

  /** Opens (creating if needed) {@code path} for reading and writing. */
  public SharedFileChannel(Path path) throws IOException {
    this.path = path;
    this.channel = open(path);
  }

  public Path path() {
    return path;
  }

  public int read(ByteBuffer dst, long position) throws IOException {
    return call(c -> c.read(dst, position));
  }

  public int write(ByteBuffer src, long position) throws IOException {
    return call(c -> c.write(src, position));
  }

  public long size() throws IOException {
    return call(FileChannel::size);
  }

  public void truncate(long size) throws IOException {
    call(c -> c.truncate(size));
  }

  /** Forces written data to disk; with {@code metaData}, file metadata (such as its length) too. */
  public void force(boolean metaData) throws IOException {
    call(c -> {
      c.force(metaData);
      return null;
    });
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    channel.close();
  }

  @FunctionalInterface
  private interface Operation<T> {
    T apply(FileChannel channel) throws IOException;
  }

  private <T> T call(Operation<T> operation) throws IOException {
    FileChannel current = channel;
    try {
      return operation.apply(current);
    } catch (ClosedByInterruptException e) {
      throw e;
    } catch (ClosedChannelException e) {
      if (closed) {
        throw e;
      }
      return operation.apply(reopen(current));
    }
  }

  private synchronized FileChannel reopen(FileChannel stale) throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    if (channel == stale) {
      channel = open(path);
    }
    return channel;
  }

  private static FileChannel open(Path path) throws IOException {
    return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }
}
