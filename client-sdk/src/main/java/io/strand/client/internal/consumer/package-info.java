/** The consumer implementation: per-partition state, Fetch long-polls and decoding. Not API. */
package io.strand.client.internal.consumer;
