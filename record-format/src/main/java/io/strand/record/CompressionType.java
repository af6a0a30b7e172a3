package io.strand.record;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Batch-level compression codecs, numbered as in the low three bits of the RecordBatch v2 attributes. The stream
 * formats match Kafka's: gzip (RFC 1952), snappy in xerial's framing, LZ4 frame format and zstd frames, so batches
 * written by either system decode in the other.
 */
public enum CompressionType {
  NONE(0, "none") {
    @Override
    OutputStream wrapForOutput(OutputStream out) {
      return out;
    }

    @Override
    InputStream wrapForInput(InputStream in) {
      return in;
    }
  },
  GZIP(1, "gzip") {
    @Override
    OutputStream wrapForOutput(OutputStream out) throws IOException {
      return new GZIPOutputStream(out, 8 * 1024);
    }

    @Override
    InputStream wrapForInput(InputStream in) throws IOException {
      return new GZIPInputStream(in, 8 * 1024);
    }
  },
  SNAPPY(2, "snappy") {
    @Override
    OutputStream wrapForOutput(OutputStream out) {
      return new SnappyOutputStream(out);
    }

    @Override
    InputStream wrapForInput(InputStream in) throws IOException {
      return new SnappyInputStream(in);
    }
  },
  LZ4(3, "lz4") {
    @Override
    OutputStream wrapForOutput(OutputStream out) throws IOException {
      return new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB);
    }

    @Override
    InputStream wrapForInput(InputStream in) throws IOException {
      return new LZ4FrameInputStream(in);
    }
  },
  ZSTD(4, "zstd") {
    @Override
    OutputStream wrapForOutput(OutputStream out) throws IOException {
      return new ZstdOutputStreamNoFinalizer(out);
    }

    @Override
    InputStream wrapForInput(InputStream in) throws IOException {
      return new ZstdInputStreamNoFinalizer(in);
    }
  };

  private final int id;
  private final String configName;

  CompressionType(int id, String configName) {
    this.id = id;
    this.configName = configName;
  }

  /** The codec id stored in the batch attributes (bits 0-2). */
  public int id() {
    return id;
  }

  /** The name used in configuration ({@code compression.type}): none, gzip, snappy, lz4, zstd. */
  public String configName() {
    return configName;
  }

  /**
   * Returns the codec for an attributes id.
   *
   * @throws CorruptRecordException if the id names no codec
   */
  public static CompressionType forId(int id) {
    for (CompressionType type : values()) {
      if (type.id == id) {
        return type;
      }
    }
    throw new CorruptRecordException("unknown compression codec id " + id + " (expected 0..4)");
  }

  /**
   * Returns the codec for a configuration name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values if the name is unknown
   */
  public static CompressionType forConfigName(String name) {
    String lower = name.trim().toLowerCase(Locale.ROOT);
    for (CompressionType type : values()) {
      if (type.configName.equals(lower)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown compression type '" + name + "'; use one of none, gzip, snappy, lz4, zstd");
  }

  abstract OutputStream wrapForOutput(OutputStream out) throws IOException;

  abstract InputStream wrapForInput(InputStream in) throws IOException;
}
