package io.strand.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md must list exactly the server keys the code defines, with the same defaults. */
class ConfigurationDocTest {

  private static final Path DOC = Path.of("..", "docs", "configuration.md");
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| (\\w+) \\| (`[^`]*`|\\(empty\\)) \\|.*$");

  @Test
  void serverKeysTableMatchesTheCode() throws IOException {
    String doc = Files.readString(DOC);
    int start = doc.indexOf("<!-- server-keys:start -->");
    int end = doc.indexOf("<!-- server-keys:end -->");
    assertThat(start).as("server-keys markers in " + DOC).isNotNegative();
    assertThat(end).isGreaterThan(start);

    Map<String, String> documented = new LinkedHashMap<>();
    for (String line : doc.substring(start, end).split("\n")) {
      Matcher m = ROW.matcher(line.trim());
      if (m.matches()) {
        String value = m.group(3).equals("(empty)") ? "" : m.group(3).substring(1, m.group(3).length() - 1);
        documented.put(m.group(1), m.group(2) + " " + value);
      }
    }
    Map<String, String> defined = new LinkedHashMap<>();
    ServerConfigKeys.definitions().forEach(d -> defined.put(d.key(), d.type() + " " + d.defaultValue()));

    assertThat(documented).containsExactlyEntriesOf(defined);
  }

  @Test
  void topicKeysTableListsEveryLogConfigKey() throws IOException {
    String doc = Files.readString(DOC);
    String table = doc.substring(doc.indexOf("<!-- topic-keys:start -->"), doc.indexOf("<!-- topic-keys:end -->"));
    Matcher m = Pattern.compile("^\\| `([a-z.]+)` \\|", Pattern.MULTILINE).matcher(table);
    java.util.Set<String> documented = new java.util.TreeSet<>();
    while (m.find()) {
      documented.add(m.group(1));
    }

    assertThat(documented).containsExactlyInAnyOrderElementsOf(io.strand.store.log.LogConfig.KEYS);
  }
}
