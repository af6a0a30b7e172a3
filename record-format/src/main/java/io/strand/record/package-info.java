/**
 * The record batch format shared by the server's log and the client SDK: Kafka's RecordBatch v2 (magic 2) byte
 * layout, its CRC-32C, varint-encoded records and batch-level compression. See {@code docs/storage-format.md}.
 *
 * <p>This package owns bytes only. It must never depend on other Strand modules, gRPC, protobuf or Ratis, so that
 * both the storage engine and clients can use it.
 */
package io.strand.record;
