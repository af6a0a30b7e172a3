package io.strand.chaos.fault;

/**
 * A directed link between two nodes: packets {@code from} → {@code to}.
 *
 * @param from sending node id
 * @param to receiving node id
 */
public record Link(int from, int to) {
  public Link {
    if (from == to) {
      throw new IllegalArgumentException("a link joins two different nodes, got " + from + ">" + to);
    }
  }

  /** Parses {@code 1>2}. */
  public static Link parse(String text) {
    String[] parts = text.strip().split(">");
    if (parts.length != 2) {
      throw new IllegalArgumentException("a link is FROM>TO, e.g. 1>2; got '" + text + "'");
    }
    return new Link(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
  }

  public Link reversed() {
    return new Link(to, from);
  }

  @Override
  public String toString() {
    return from + ">" + to;
  }
}
