/**
 * Leader routing: where each partition request goes (local leader, forward, or a retriable error), running
 * multi-partition requests with retries inside the deadline, and the gRPC clients to other nodes. Depends on
 * the metadata view and the store's replica interface; never on the services in {@code api}.
 */
package io.strand.server.routing;
