package io.strand.client.internal.producer;

/**
 * An idempotent producer's id and epoch as issued by InitProducerId.
 *
 * <p>Not API. Immutable value; thread-safe.
 *
 * @param producerId the id
 * @param epoch the epoch
 */
public record ProducerIdentity(long producerId, short epoch) {}
