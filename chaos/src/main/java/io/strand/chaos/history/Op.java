package io.strand.chaos.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One line of a history file: the start or the end of one client (or nemesis) operation. Optional fields are
 * {@code null} when absent and are left out of the JSON; list fields are never null (empty when absent).
 *
 * @param process who did it, e.g. {@code producer-2}, {@code consumer-1}, {@code final-reader}, {@code nemesis};
 *     a process runs its operations of one function one at a time, except that a producer may have many sends
 *     in flight (each send has a unique value, which pairs its completion with its invocation)
 * @param type invoke, or how it completed
 * @param f what the operation does
 * @param timeNs when, in nanoseconds of the machine's monotonic clock since the start of the run (all
 *     processes of one run share the clock, so times are comparable across processes)
 * @param partition the partition a send targets / a commit or seek concerns / a read-all read; null if n/a
 * @param offset send ok: assigned offset; commit: the committed offset (next offset to consume); seek: the
 *     target offset (null = beginning or end); read-all ok: the offset the reader reached (exclusive)
 * @param value send: the unique value written; nemesis: the fault; null otherwise
 * @param records poll / read-all ok: the records returned, in client order
 * @param partitions assign: the partitions now assigned to the process
 * @param group consumer group of a poll / commit / assign; null for assigned-partition readers
 * @param memberEpoch the consumer's group generation when the op ran; a change means a rebalance happened
 * @param error fail / info: why, as the client reported it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"process", "type", "f", "partition", "offset", "value", "records", "partitions",
    "group", "memberEpoch", "error", "timeNs"})
public record Op(
    String process,
    OpType type,
    OpFunction f,
    long timeNs,
    Integer partition,
    Long offset,
    String value,
    List<ReadRecord> records,
    List<Integer> partitions,
    String group,
    Integer memberEpoch,
    String error) {

  /** Validates the mandatory fields and normalises absent lists to empty ones. */
  public Op {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(f, "f");
    records = records == null ? List.of() : List.copyOf(records);
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
  }

  /** Starts building an invocation. */
  public static Builder invoke(String process, OpFunction f, long timeNs) {
    return new Builder(process, OpType.INVOKE, f, timeNs);
  }

  /** Starts building a completion of the given type. */
  public static Builder complete(String process, OpType type, OpFunction f, long timeNs) {
    if (!type.isCompletion()) {
      throw new IllegalArgumentException("a completion must be ok, fail or info, got " + type);
    }
    return new Builder(process, type, f, timeNs);
  }

  /** A builder pre-filled with this op's fields, for deriving the completion of an invocation. */
  public Builder completeAs(OpType completionType, long completionTimeNs) {
    Builder b = complete(process, completionType, f, completionTimeNs);
    b.partition = partition;
    b.offset = offset;
    b.value = value;
    b.group = group;
    b.memberEpoch = memberEpoch;
    return b;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(process).append(' ').append(type.wireName()).append(' ')
        .append(f.wireName());
    if (partition != null) {
      s.append(" p").append(partition);
    }
    if (offset != null) {
      s.append(" @").append(offset);
    }
    if (value != null) {
      s.append(" '").append(value).append('\'');
    }
    if (!records.isEmpty()) {
      s.append(' ').append(records.size()).append(" records");
    }
    if (error != null) {
      s.append(" (").append(error).append(')');
    }
    return s.append(" t=").append(timeNs / 1_000_000).append("ms").toString();
  }

  /** Fluent construction of an {@link Op}; not thread-safe. */
  public static final class Builder {
    private final String process;
    private final OpType type;
    private final OpFunction f;
    private final long timeNs;
    private Integer partition;
    private Long offset;
    private String value;
    private List<ReadRecord> records;
    private List<Integer> partitions;
    private String group;
    private Integer memberEpoch;
    private String error;

    private Builder(String process, OpType type, OpFunction f, long timeNs) {
      this.process = process;
      this.type = type;
      this.f = f;
      this.timeNs = timeNs;
    }

    public Builder partition(int partition) {
      this.partition = partition;
      return this;
    }

    public Builder offset(long offset) {
      this.offset = offset;
      return this;
    }

    public Builder value(String value) {
      this.value = value;
      return this;
    }

    public Builder records(List<ReadRecord> records) {
      this.records = records;
      return this;
    }

    public Builder partitions(List<Integer> partitions) {
      this.partitions = partitions;
      return this;
    }

    public Builder group(String group) {
      this.group = group;
      return this;
    }

    public Builder memberEpoch(int memberEpoch) {
      this.memberEpoch = memberEpoch;
      return this;
    }

    public Builder error(String error) {
      this.error = error;
      return this;
    }

    public Op build() {
      return new Op(process, type, f, timeNs, partition, offset, value, records, partitions, group, memberEpoch,
          error);
    }
  }
}
