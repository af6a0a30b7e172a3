package io.strand.store.offsets.assignor;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What an assignor knows about one member.
 *
 * @param topics the existing topics the member subscribes to (names and regex matches already resolved)
 * @param currentTarget the member's previous target assignment, which a sticky assignor tries to keep
 */
public record MemberSubscription(SortedSet<String> topics, Assignment currentTarget) {
  public MemberSubscription {
    topics = Collections.unmodifiableSortedSet(new TreeSet<>(topics));
    Objects.requireNonNull(currentTarget, "currentTarget");
  }
}
