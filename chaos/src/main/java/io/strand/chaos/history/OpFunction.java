package io.strand.chaos.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What an operation does ({@code "f"} in the history file). */
public enum OpFunction {
  /** A producer appends one unique {@code value} to {@code partition}; ok carries the assigned {@code offset}. */
  SEND("send"),
  /** A consumer polls; ok carries the {@code records} read, in the order the client returned them. */
  POLL("poll"),
  /** A consumer commits {@code offset} (the next offset to read) of {@code partition} for {@code group}. */
  COMMIT("commit"),
  /** A consumer's assignment changes to {@code partitions}: a rebalance or an explicit assign. */
  ASSIGN("assign"),
  /** A consumer repositions {@code partition} to {@code offset} (absent: to the beginning or end). */
  SEEK("seek"),
  /** The final reader reads {@code partition}; ok carries the records and {@code offset} = where it stopped. */
  READ_ALL("read-all"),
  /** A fault injected or healed by the harness; {@code value} is the fault in the fault-plan syntax. */
  NEMESIS("nemesis");

  private final String wireName;

  OpFunction(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in history files. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Parses a history-file name; throws {@link IllegalArgumentException} naming the accepted values. */
  @JsonCreator
  public static OpFunction forWireName(String name) {
    return Arrays.stream(values())
        .filter(f -> f.wireName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown op function '" + name
            + "', expected one of send, poll, commit, assign, seek, read-all, nemesis"));
  }
}
