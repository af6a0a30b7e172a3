package io.strand.store.offsets;

import io.strand.internal.proto.OffsetsRecord;
import java.util.List;
import java.util.Objects;

/**
 * What a coordinator handler decided: the records to append to the offsets partition's Raft log and the response
 * to send once they are committed. A handler never changes state itself; applying {@code records} (in order) is
 * the only mutation. Immutable.
 *
 * @param records records to write; empty if the request changes nothing
 * @param response the reply to the caller
 * @param <R> response type
 */
public record CoordinatorResult<R>(List<OffsetsRecord> records, R response) {
  public CoordinatorResult {
    records = List.copyOf(records);
    Objects.requireNonNull(response, "response");
  }

  /** A result that writes nothing. */
  public static <R> CoordinatorResult<R> of(R response) {
    return new CoordinatorResult<>(List.of(), response);
  }
}
