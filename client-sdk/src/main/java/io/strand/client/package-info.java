/**
 * The Strand Java client SDK: {@link io.strand.client.StrandClient} connects to a cluster and creates
 * producers ({@code producer}), consumers ({@code consumer}) and the admin client ({@code admin}).
 * Exceptions live in {@code error}, serializers in {@code serialization}. The public API exposes no gRPC or
 * protobuf type; everything under {@code internal} is implementation. Depends on the proto API and the
 * record-format module only, never on the server.
 */
package io.strand.client;
