/**
 * Implementation details of the Strand client: channels, metadata cache, routing, retries, error mapping
 * and the producer/consumer/admin internals. Not API: anything here may change without notice. This is the
 * only part of the SDK that may use gRPC and protobuf types; it never depends on the server modules.
 */
package io.strand.client.internal;
