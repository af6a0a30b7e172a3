/**
 * The consumer API: manual assignment, seeking, offset lookups and polling. Value types are records; no
 * gRPC or protobuf type appears here.
 */
package io.strand.client.consumer;
