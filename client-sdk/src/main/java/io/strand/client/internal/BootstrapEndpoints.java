package io.strand.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The configured bootstrap addresses, with a preferred one that moves on when it fails. In proxy routing
 * every call goes to the preferred address; in direct routing only metadata and admin calls do.
 *
 * <p>Not API. Thread-safe.
 */
public final class BootstrapEndpoints {
  private final List<Endpoint> endpoints;
  private final AtomicInteger preferred = new AtomicInteger();

  /** @param endpoints at least one address */
  public BootstrapEndpoints(List<Endpoint> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one bootstrap endpoint is required");
    }
    this.endpoints = List.copyOf(endpoints);
  }

  /** @return the address calls should use now */
  public Endpoint current() {
    return endpoints.get(Math.floorMod(preferred.get(), endpoints.size()));
  }

  /** Moves the preference on if {@code endpoint} is the current one (it just failed). */
  public void failed(Endpoint endpoint) {
    int now = preferred.get();
    if (endpoints.get(Math.floorMod(now, endpoints.size())).equals(endpoint)) {
      preferred.compareAndSet(now, now + 1);
    }
  }

  /** @return every address, the current one first */
  public List<Endpoint> inOrder() {
    int start = Math.floorMod(preferred.get(), endpoints.size());
    List<Endpoint> ordered = new ArrayList<>(endpoints.size());
    for (int i = 0; i < endpoints.size(); i++) {
      ordered.add(endpoints.get((start + i) % endpoints.size()));
    }
    return ordered;
  }

  /** @return every address in configuration order */
  public List<Endpoint> all() {
    return endpoints;
  }
}
