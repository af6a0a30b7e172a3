package io.strand.ops;

import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The final stage of a Dockerfile, parsed enough to check what the image runs: instructions with their line
 * continuations joined, comments dropped. Supports the forms deploy/docker/Dockerfile uses (exec-form
 * ENTRYPOINT/CMD/VOLUME, multi-pair ENV with quoted values).
 *
 * @param instructions the final stage's instructions, in order, as (KEYWORD, arguments)
 */
record Dockerfile(List<Map.Entry<String, String>> instructions) {

  private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

  static Dockerfile finalStage(String text) {
    List<Map.Entry<String, String>> all = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.lines().toList()) {
      String stripped = line.strip();
      if (stripped.startsWith("#") || (stripped.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (stripped.endsWith("\\")) {
        current.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      current.append(stripped);
      String instruction = current.toString().strip();
      current.setLength(0);
      if (!instruction.isEmpty()) {
        int space = instruction.indexOf(' ');
        all.add(Map.entry(instruction.substring(0, space).toUpperCase(), instruction.substring(space + 1).strip()));
      }
    }
    int lastFrom = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).getKey().equals("FROM")) {
        lastFrom = i;
      }
    }
    return new Dockerfile(List.copyOf(all.subList(lastFrom, all.size())));
  }

  private List<String> all(String keyword) {
    return instructions.stream().filter(e -> e.getKey().equals(keyword)).map(Map.Entry::getValue).toList();
  }

  private String last(String keyword) {
    List<String> values = all(keyword);
    if (values.isEmpty()) {
      throw new AssertionError("the final stage has no " + keyword);
    }
    return values.get(values.size() - 1);
  }

  private static List<String> execForm(String arguments) {
    if (!arguments.startsWith("[")) {
      throw new AssertionError("not exec form (a JSON array): " + arguments);
    }
    return StreamSupport.stream(JsonParser.parseString(arguments).getAsJsonArray().spliterator(), false)
        .map(e -> e.getAsString()).toList();
  }

  /** ENTRYPOINT followed by CMD, as one command line. */
  String startCommand() {
    List<String> command = new ArrayList<>(execForm(last("ENTRYPOINT")));
    command.addAll(execForm(last("CMD")));
    return String.join(" ", command);
  }

  String workdir() {
    return last("WORKDIR");
  }

  String user() {
    return last("USER");
  }

  String healthcheck() {
    return last("HEALTHCHECK");
  }

  List<String> copies() {
    return all("COPY");
  }

  List<String> volumes() {
    return all("VOLUME").stream().flatMap(v -> execForm(v).stream()).toList();
  }

  List<String> exposed() {
    return all("EXPOSE").stream().flatMap(v -> List.of(v.split("\\s+")).stream()).collect(Collectors.toList());
  }

  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String value : all("ENV")) {
      Matcher m = ENV_PAIR.matcher(value);
      while (m.find()) {
        env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
      }
    }
    return env;
  }
}
