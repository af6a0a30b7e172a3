/**
 * The producer API: {@link io.strand.client.producer.Producer}, its config, records and results. No gRPC or
 * protobuf type appears here.
 */
package io.strand.client.producer;
