/**
 * The producer's machinery: record accumulator and memory budget, batches encoded with the record-format
 * module's {@code RecordBatchBuilder}, Kafka-compatible partitioning, and the sender thread with its
 * idempotence bookkeeping. Not API; may use gRPC and protobuf types. Never depends on the consumer or on
 * the server.
 */
package io.strand.client.internal.producer;
