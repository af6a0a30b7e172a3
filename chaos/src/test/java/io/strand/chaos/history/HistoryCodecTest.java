package io.strand.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCodecTest {
  private final HistoryCodec codec = new HistoryCodec();

  @Test
  void sendRoundTripsWithSnakeCaseKeysAndNoAbsentFields() {
    Op op = Op.complete("producer-1", OpType.OK, OpFunction.SEND, 42).partition(3).offset(17).value("1-9").build();

    String line = codec.encode(op);

    assertThat(line).isEqualTo(
        "{\"process\":\"producer-1\",\"type\":\"ok\",\"f\":\"send\",\"partition\":3,\"offset\":17,"
            + "\"value\":\"1-9\",\"time_ns\":42}");
    assertThat(codec.decode(line)).isEqualTo(op);
  }

  @Test
  void pollWithRecordsAndGroupFieldsRoundTrips() {
    Op op = Op.complete("consumer-2", OpType.OK, OpFunction.POLL, 7).group("g").memberEpoch(4)
        .records(List.of(new ReadRecord(0, 5, "a"), new ReadRecord(1, 0, "b"))).build();

    String line = codec.encode(op);

    assertThat(line).contains("\"member_epoch\":4")
        .contains("\"records\":[{\"partition\":0,\"offset\":5,\"value\":\"a\"}");
    assertThat(codec.decode(line)).isEqualTo(op);
  }

  @Test
  void unknownKeysAreIgnoredAndAbsentListsAreEmpty() {
    Op op = codec.decode("{\"process\":\"p\",\"type\":\"invoke\",\"f\":\"read-all\",\"future_field\":1}");

    assertThat(op.f()).isEqualTo(OpFunction.READ_ALL);
    assertThat(op.records()).isEmpty();
    assertThat(op.partition()).isNull();
  }

  @Test
  void badValuesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> codec.decode("{\"process\":\"p\",\"type\":\"done\",\"f\":\"send\"}"))
        .isInstanceOf(MalformedHistoryException.class).hasMessageContaining("unknown op type 'done'");
    assertThatThrownBy(() -> codec.decode("{\"type\":\"ok\",\"f\":\"send\"}"))
        .isInstanceOf(MalformedHistoryException.class).hasMessageContaining("process");
    assertThatThrownBy(() -> codec.decode("not json")).isInstanceOf(MalformedHistoryException.class);
  }

  @Test
  void readerNamesTheLineOfAMalformedOp() {
    String text = "{\"process\":\"p\",\"type\":\"invoke\",\"f\":\"poll\"}\n\n"
        + "{\"process\":\"p\",\"type\":\"ok\",\"f\":\"pol\"}\n";

    assertThatThrownBy(() -> new HistoryReader().read(new StringReader(text), "h.jsonl"))
        .isInstanceOf(MalformedHistoryException.class).hasMessageStartingWith("h.jsonl:3: ");
  }

  @Test
  void writerAppendsOneLinePerOpAndMergedReadOrdersByTime(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("a.jsonl");
    Path b = dir.resolve("b.jsonl");
    try (HistoryWriter wa = new HistoryWriter(a, 0); HistoryWriter wb = new HistoryWriter(b, 0)) {
      wa.append(Op.invoke("x", OpFunction.POLL, 10).build());
      wa.append(Op.invoke("x", OpFunction.POLL, 30).build());
      wb.append(Op.invoke("nemesis", OpFunction.NEMESIS, 20).value("kill n1").build());
      assertThat(wa.written()).isEqualTo(2);
    }

    assertThat(Files.readAllLines(a)).hasSize(2);
    assertThat(new HistoryReader().readMerged(List.of(a, b))).extracting(Op::timeNs).containsExactly(10L, 20L, 30L);
  }
}
