package io.strand.chaos.fault;

import java.util.List;

/**
 * Every node on 127.0.0.1 in this host's network namespace. Needs no privileges, but cannot cut single links:
 * Ratis connects to peers without binding a source address, so all node-to-node traffic comes from 127.0.0.1
 * and no filter can tell the nodes apart (checked with {@code ip route get 127.0.0.2}: {@code src 127.0.0.1}).
 *
 * <p>Thread-safe: immutable.
 */
public final class LoopbackNetwork implements ClusterNetwork {
  private static final String HOST = "127.0.0.1";

  @Override
  public String nodeHost(int nodeId) {
    return HOST;
  }

  @Override
  public List<String> nodeLaunchPrefix(int nodeId) {
    return List.of();
  }

  @Override
  public List<String> clientLaunchPrefix() {
    return List.of();
  }

  @Override
  public boolean reachableFromHere() {
    return true;
  }

  @Override
  public boolean supportsLinkFaults() {
    return false;
  }

  @Override
  public void partition(NetworkPartition partition) {
    throw new UnsupportedOperationException(
        "network partitions need per-node network namespaces (run as root with --network netns)");
  }

  @Override
  public void slow(Link link, int rateKbit) {
    throw new UnsupportedOperationException(
        "slow links need per-node network namespaces (run as root with --network netns)");
  }

  @Override
  public void heal() {
    // nothing is ever cut on loopback
  }

  @Override
  public void close() {
    // nothing to remove
  }
}
