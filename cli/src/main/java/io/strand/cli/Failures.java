package io.strand.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns any failure into the one line the CLI prints after {@code strand: }. Stateless. */
final class Failures {
  private Failures() {}

  /** @return the innermost useful message on one line */
  static String oneLine(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      message = t.getClass().getSimpleName();
    } else if (!(t instanceof io.strand.client.error.StrandException)
        && !(t instanceof IllegalArgumentException) && !(t instanceof IllegalStateException)) {
      message = t.getClass().getSimpleName() + ": " + message;
    }
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
