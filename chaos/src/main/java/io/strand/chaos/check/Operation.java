package io.strand.chaos.check;

import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpType;
import java.util.Optional;

/**
 * An invocation paired with its completion.
 *
 * @param invoke the invoke line
 * @param completion the ok / fail / info line, or null if the history has none (treated as info)
 * @param invokeIndex position of the invoke line in the history
 * @param completionIndex position of the completion line, or -1
 */
record Operation(Op invoke, Op completion, int invokeIndex, int completionIndex) {

  /** How the operation ended; a missing completion counts as {@link OpType#INFO}. */
  OpType outcome() {
    return completion == null ? OpType.INFO : completion.type();
  }

  boolean isOk() {
    return outcome() == OpType.OK;
  }

  Optional<Op> completed() {
    return Optional.ofNullable(completion);
  }

  /** The partition, from the completion if it says, else from the invocation. */
  Integer partition() {
    if (completion != null && completion.partition() != null) {
      return completion.partition();
    }
    return invoke.partition();
  }

  /** A short description for anomaly examples: {@code producer-1 send 'v3' (line 12..15)}. */
  String describe() {
    String where = completionIndex < 0 ? "line " + (invokeIndex + 1) + ", no completion"
        : "lines " + (invokeIndex + 1) + ".." + (completionIndex + 1);
    String value = invoke.value() == null ? "" : " '" + invoke.value() + "'";
    return invoke.process() + " " + invoke.f().wireName() + value + " (" + where + ")";
  }
}
