/**
 * Cluster metadata: the metadata Raft group's state machine and its deterministic core (image, placement,
 * validation), the client that proposes commands, and the node's live view of the image. Must never depend on
 * the gRPC services ({@code api}) or routing; the store's partition types are used only by the reconciler.
 */
package io.strand.server.cluster;
