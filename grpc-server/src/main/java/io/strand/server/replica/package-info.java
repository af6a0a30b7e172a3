/**
 * Node-to-node replica service: the leader side and the follower side of partition catch-up over Strand's own
 * gRPC, plus local replica state reports. Depends on the store's replica interfaces and routing's clients; never
 * on the client-facing services' logic.
 */
package io.strand.server.replica;
