/**
 * The public exception tree of the Strand client, rooted at {@link io.strand.client.error.StrandException}.
 * {@link io.strand.client.error.RetriableException} marks failures worth retrying; every other subtype is
 * final for the operation that raised it. Server error codes map onto these types in exactly one place
 * (the SDK's internal {@code ErrorMapper}), so this package carries no gRPC or protobuf type and depends on
 * nothing but the JDK.
 */
package io.strand.client.error;
