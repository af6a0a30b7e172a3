package io.strand.chaos.check;

/** A (partition, offset) pair. */
record Position(int partition, long offset) {
  @Override
  public String toString() {
    return "p" + partition + "@" + offset;
  }
}
