package io.strand.store.error;

import java.io.IOException;
import java.util.Locale;

/**
 * Converts {@link IOException}s raised by file operations into the typed {@link StoreException}s callers handle.
 * The JDK has no portable errno, so a full disk is recognised by the OS message "No space left on device" anywhere
 * in the cause chain (Linux and macOS both use it for ENOSPC; Windows says "There is not enough space on the disk").
 *
 * <p>Stateless and thread-safe.
 */
public final class StorageErrors {
  private static final String[] DISK_FULL_MESSAGES = {
      "no space left on device", "not enough space on the disk", "disk quota exceeded"};

  private StorageErrors() {}

  /**
   * Maps an I/O failure.
   *
   * @param operation what was being done, with the path, e.g. {@code "append to /data/t-0/00000000000000000000.log"}
   * @param e the failure
   * @return a {@link DiskFullException} when the disk is full, otherwise a {@link LogDirOfflineException}
   */
  public static StoreException map(String operation, IOException e) {
    String message = operation + " failed: " + e;
    return isDiskFull(e) ? new DiskFullException(message, e) : new LogDirOfflineException(message, e);
  }

  /** Whether the failure, or anything in its cause chain, reports a full disk or an exhausted quota. */
  public static boolean isDiskFull(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String text = t.getMessage();
      if (text == null) {
        continue;
      }
      String lower = text.toLowerCase(Locale.ROOT);
      for (String marker : DISK_FULL_MESSAGES) {
        if (lower.contains(marker)) {
          return true;
        }
      }
    }
    return false;
  }
}
