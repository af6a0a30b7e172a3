package io.strand.server.cluster;

import java.util.Optional;
import java.util.regex.Pattern;

/** Topic name rules: {@code [a-zA-Z0-9._-]{1,249}}; names starting with {@code __} are internal. Stateless. */
public final class TopicNames {

  public static final int MAX_LENGTH = 249;
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

  private TopicNames() {}

  public static boolean isInternal(String name) {
    return name.startsWith("__");
  }

  /**
   * Checks a name a client wants to create.
   *
   * @return why the name is invalid, or empty when it is fine
   */
  public static Optional<String> validate(String name, boolean allowInternal) {
    if (name.isEmpty()) {
      return Optional.of("topic name is empty; use 1 to " + MAX_LENGTH + " characters of [a-zA-Z0-9._-]");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("topic name is " + name.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    if (!LEGAL.matcher(name).matches()) {
      return Optional.of("topic name '" + name + "' contains characters outside [a-zA-Z0-9._-]");
    }
    if (".".equals(name) || "..".equals(name)) {
      return Optional.of("topic name '" + name + "' is reserved");
    }
    if (!allowInternal && isInternal(name)) {
      return Optional.of("topic name '" + name + "' starts with \"__\", which is reserved for internal topics");
    }
    return Optional.empty();
  }
}
