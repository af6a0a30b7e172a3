package io.strand.server;

import io.strand.server.config.ServerConfigKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Start-up check of the data directory: created if missing, and proven writable. Stateless. */
final class DataDirectory {

  private DataDirectory() {}

  static void prepare(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new IOException(ServerConfigKeys.DATA_DIR_KEY + " " + dir.toAbsolutePath() + " is not a writable"
          + " directory (" + e + "); create it and make it writable by this user, or set "
          + ServerConfigKeys.DATA_DIR_KEY + " to another directory", e);
    }
  }
}
