package io.strand.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths in the source checkout these tests belong to ({@code strand.repo.root}, set by failsafe to the parent
 * of this module). Stateless.
 */
final class Checkout {

  private Checkout() {}

  static Path root() {
    String root = System.getProperty("strand.repo.root");
    Path path = root != null ? Path.of(root) : Path.of("..");
    return path.toAbsolutePath().normalize();
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative + " in the checkout " + root(), e);
    }
  }
}
