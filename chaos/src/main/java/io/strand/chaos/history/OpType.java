package io.strand.chaos.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Where an operation stands. Every operation is recorded twice: an {@link #INVOKE} when a client starts it and one
 * completion ({@link #OK}, {@link #FAIL} or {@link #INFO}) when it ends. An operation with no completion line (the
 * client died, the run was cut short) is treated like {@link #INFO}.
 */
public enum OpType {
  /** The client started the operation. */
  INVOKE("invoke"),
  /** It definitely happened; the completion carries its result (offset, records read). */
  OK("ok"),
  /** It definitely did not happen (the server rejected it before doing anything). */
  FAIL("fail"),
  /** Unknown outcome (timeout, connection lost): it may or may not have taken effect. */
  INFO("info");

  private final String wireName;

  OpType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in history files. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Parses a history-file name; throws {@link IllegalArgumentException} naming the accepted values. */
  @JsonCreator
  public static OpType forWireName(String name) {
    return Arrays.stream(values())
        .filter(t -> t.wireName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown op type '" + name + "', expected one of invoke, ok, fail, info"));
  }

  /** True for the three completion types. */
  public boolean isCompletion() {
    return this != INVOKE;
  }
}
