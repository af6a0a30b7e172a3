package io.strand.chaos.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Converts one {@link Op} to and from one line of JSON (snake_case keys, absent fields omitted). Unknown keys
 * are ignored so that older checkers read newer histories; a missing {@code time_ns} reads as 0 (the checker
 * orders by line, times only feed figures and merging), which keeps hand-written histories short.
 *
 * <p>Thread-safe: the underlying mapper is immutable after construction.
 */
public final class HistoryCodec {
  private final ObjectMapper mapper = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  /** One line of JSON, without a line terminator. */
  public String encode(Op op) {
    try {
      return mapper.writeValueAsString(op);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + op, e);
    }
  }

  /**
   * Parses one line.
   *
   * @throws MalformedHistoryException if the line is not a valid op (the message says which field is wrong)
   */
  public Op decode(String line) {
    try {
      return mapper.readValue(line, Op.class);
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      throw new MalformedHistoryException(e.getMessage(), e);
    }
  }
}
