package io.strand.server.routing;

import java.util.concurrent.CompletableFuture;

/**
 * Brings this node's metadata image up to what the metadata leader has applied. Used before answering
 * UNKNOWN_TOPIC / UNKNOWN_PARTITION, so that a topic created through another node moments ago is not reported
 * missing just because this node's replica of the metadata has not applied it yet.
 */
@FunctionalInterface
public interface MetadataSync {
  CompletableFuture<Void> catchUp();
}
