package io.strand.client.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.client.error.SerializationException;
import org.junit.jupiter.api.Test;

class SerdesTest {

  @Test
  void stringsRoundTripAsUtf8() {
    byte[] bytes = Serdes.stringSerializer().serialize("t", "héllo");
    assertThat(bytes).hasSize(6);
    assertThat(Serdes.stringDeserializer().deserialize("t", bytes)).isEqualTo("héllo");
  }

  @Test
  void longsAreEightBytesBigEndianLikeKafka() {
    assertThat(Serdes.longSerializer().serialize("t", 258L)).containsExactly(0, 0, 0, 0, 0, 0, 1, 2);
    assertThat(Serdes.longDeserializer().deserialize("t", new byte[] {0, 0, 0, 0, 0, 0, 1, 2})).isEqualTo(258L);
    assertThatThrownBy(() -> Serdes.longDeserializer().deserialize("t", new byte[3]))
        .isInstanceOf(SerializationException.class).hasMessageContaining("8 bytes");
  }

  @Test
  void nullsStayNull() {
    assertThat(Serdes.stringSerializer().serialize("t", null)).isNull();
    assertThat(Serdes.longSerializer().serialize("t", null)).isNull();
    assertThat(Serdes.bytesSerializer().serialize("t", null)).isNull();
    assertThat(Serdes.stringDeserializer().deserialize("t", null)).isNull();
    assertThat(Serdes.longDeserializer().deserialize("t", null)).isNull();
    assertThat(Serdes.bytesDeserializer().deserialize("t", null)).isNull();
  }

  @Test
  void bytesPassThrough() {
    byte[] data = {1, 2, 3};
    assertThat(Serdes.bytesSerializer().serialize("t", data)).isSameAs(data);
  }
}
