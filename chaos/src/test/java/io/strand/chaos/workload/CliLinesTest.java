package io.strand.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.chaos.history.ReadRecord;
import org.junit.jupiter.api.Test;

class CliLinesTest {
  @Test
  void parsesAcksAndConsumedRecordsWithOrWithoutKey() {
    assertThat(CliLines.parse("2\t17\t1-5")).contains(new ReadRecord(2, 17, "1-5"));
    assertThat(CliLines.parse("0\t3\t\t2-9")).contains(new ReadRecord(0, 3, "2-9"));
    assertThat(CliLines.parse("1\t4\tsome-key\t2-10")).contains(new ReadRecord(1, 4, "2-10"));
  }

  @Test
  void strayOutputIsNotARecord() {
    assertThat(CliLines.parse("12:00:01 INFO connected to 10.77.1.2:7070")).isEmpty();
    assertThat(CliLines.parse("")).isEmpty();
    assertThat(CliLines.parse("x\t1\tv")).isEmpty();
  }
}
