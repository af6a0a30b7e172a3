package io.strand.chaos.check;

import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpFunction;
import io.strand.chaos.history.OpType;
import io.strand.chaos.history.ReadRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds hand-made histories line by line, with a clock that ticks once per line. */
final class HistoryFixture {
  private final List<Op> ops = new ArrayList<>();
  private long clock;

  List<Op> ops() {
    return List.copyOf(ops);
  }

  private long tick() {
    clock += 1_000_000;
    return clock;
  }

  HistoryFixture add(Op op) {
    ops.add(op);
    return this;
  }

  HistoryFixture sendInvoke(String process, int partition, String value) {
    return add(Op.invoke(process, OpFunction.SEND, tick()).partition(partition).value(value).build());
  }

  HistoryFixture sendOk(String process, int partition, String value, long offset) {
    return add(Op.complete(process, OpType.OK, OpFunction.SEND, tick()).partition(partition).value(value)
        .offset(offset).build());
  }

  HistoryFixture sendEnd(String process, OpType type, int partition, String value) {
    return add(Op.complete(process, type, OpFunction.SEND, tick()).partition(partition).value(value)
        .error("test").build());
  }

  /** An acknowledged send: invoke then ok. */
  HistoryFixture send(String process, int partition, String value, long offset) {
    return sendInvoke(process, partition, value).sendOk(process, partition, value, offset);
  }

  HistoryFixture poll(String process, ReadRecord... records) {
    add(Op.invoke(process, OpFunction.POLL, tick()).build());
    return add(Op.complete(process, OpType.OK, OpFunction.POLL, tick()).records(Arrays.asList(records)).build());
  }

  HistoryFixture groupPoll(String process, String group, int memberEpoch, ReadRecord... records) {
    add(Op.invoke(process, OpFunction.POLL, tick()).group(group).memberEpoch(memberEpoch).build());
    return add(Op.complete(process, OpType.OK, OpFunction.POLL, tick()).group(group).memberEpoch(memberEpoch)
        .records(Arrays.asList(records)).build());
  }

  HistoryFixture seek(String process, int partition, long offset) {
    add(Op.invoke(process, OpFunction.SEEK, tick()).partition(partition).offset(offset).build());
    return add(Op.complete(process, OpType.OK, OpFunction.SEEK, tick()).partition(partition).offset(offset).build());
  }

  HistoryFixture assign(String process, Integer... partitions) {
    add(Op.invoke(process, OpFunction.ASSIGN, tick()).partitions(List.of(partitions)).build());
    return add(Op.complete(process, OpType.OK, OpFunction.ASSIGN, tick()).partitions(List.of(partitions)).build());
  }

  HistoryFixture commitInvoke(String process, String group, int partition, long offset) {
    return add(Op.invoke(process, OpFunction.COMMIT, tick()).group(group).partition(partition).offset(offset)
        .build());
  }

  HistoryFixture commitOk(String process, String group, int partition, long offset) {
    return add(Op.complete(process, OpType.OK, OpFunction.COMMIT, tick()).group(group).partition(partition)
        .offset(offset).build());
  }

  HistoryFixture commit(String process, String group, int partition, long offset) {
    return commitInvoke(process, group, partition, offset).commitOk(process, group, partition, offset);
  }

  /** The final reader reads one partition up to {@code reached} (exclusive). */
  HistoryFixture readAll(int partition, long reached, ReadRecord... records) {
    add(Op.invoke("final-reader", OpFunction.READ_ALL, tick()).partition(partition).build());
    return add(Op.complete("final-reader", OpType.OK, OpFunction.READ_ALL, tick()).partition(partition)
        .offset(reached).records(Arrays.asList(records)).build());
  }

  HistoryFixture nemesis(String fault) {
    add(Op.invoke("nemesis", OpFunction.NEMESIS, tick()).value(fault).build());
    return add(Op.complete("nemesis", OpType.OK, OpFunction.NEMESIS, tick()).value(fault).build());
  }

  static ReadRecord r(int partition, long offset, String value) {
    return new ReadRecord(partition, offset, value);
  }
}
