package io.strand.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicNamesTest {

  @Test
  void acceptsLettersDigitsDotsUnderscoresAndDashes() {
    assertThat(TopicNames.validate("orders.v1_EU-2", false)).isEmpty();
    assertThat(TopicNames.validate("a".repeat(249), false)).isEmpty();
  }

  @Test
  void rejectsEmptyTooLongAndIllegalCharacters() {
    assertThat(TopicNames.validate("", false)).get().asString().contains("empty");
    assertThat(TopicNames.validate("a".repeat(250), false)).get().asString().contains("250");
    assertThat(TopicNames.validate("a/b", false)).get().asString().contains("[a-zA-Z0-9._-]");
    assertThat(TopicNames.validate("caf\u00e9", false)).isPresent();
    assertThat(TopicNames.validate("..", false)).isPresent();
  }

  @Test
  void internalPrefixNeedsPermission() {
    assertThat(TopicNames.validate("__offsets", false)).get().asString().contains("internal");
    assertThat(TopicNames.validate("__offsets", true)).isEmpty();
    assertThat(TopicNames.isInternal("__x")).isTrue();
    assertThat(TopicNames.isInternal("_x")).isFalse();
  }
}
