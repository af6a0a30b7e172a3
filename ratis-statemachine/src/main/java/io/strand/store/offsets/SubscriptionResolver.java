package io.strand.store.offsets;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Resolves subscriptions (topic names and regexes) into existing topics. Regexes must match the whole topic name
 * and never match internal topics (names starting with {@value #INTERNAL_PREFIX}); names may name any topic.
 * Not thread-safe (caches compiled patterns); use one per request.
 */
final class SubscriptionResolver {
  static final String INTERNAL_PREFIX = "__";

  private final Map<String, Pattern> patterns = new HashMap<>();

  /** Whether {@code regex} compiles; "" (no regex) is valid. */
  static boolean isValidRegex(String regex) {
    if (regex.isEmpty()) {
      return true;
    }
    try {
      Pattern.compile(regex);
      return true;
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /** The topics among {@code candidates} the member subscribes to. */
  SortedSet<String> resolve(GroupMember m, Collection<String> candidates) {
    SortedSet<String> out = new TreeSet<>();
    Pattern p = m.subscribedTopicRegex().isEmpty() ? null : pattern(m.subscribedTopicRegex());
    for (String topic : candidates) {
      if (m.subscribedTopicNames().contains(topic)
          || p != null && !topic.startsWith(INTERNAL_PREFIX) && p.matcher(topic).matches()) {
        out.add(topic);
      }
    }
    return out;
  }

  /** Partition counts of every existing topic some member subscribes to. */
  SortedMap<String, Integer> subscribedTopics(Collection<GroupMember> members, TopicsView topics) {
    SortedMap<String, Integer> out = new TreeMap<>();
    boolean anyRegex = false;
    for (GroupMember m : members) {
      for (String name : m.subscribedTopicNames()) {
        topics.partitionCount(name).ifPresent(n -> out.put(name, n));
      }
      anyRegex |= !m.subscribedTopicRegex().isEmpty();
    }
    if (anyRegex) {
      Set<String> all = topics.topicNames();
      for (GroupMember m : members) {
        if (!m.subscribedTopicRegex().isEmpty()) {
          for (String t : resolve(m, all)) {
            topics.partitionCount(t).ifPresent(n -> out.put(t, n));
          }
        }
      }
    }
    return out;
  }

  private Pattern pattern(String regex) {
    return patterns.computeIfAbsent(regex, Pattern::compile);
  }
}
