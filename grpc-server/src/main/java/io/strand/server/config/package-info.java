/**
 * The node's typed configuration: keys, documented defaults, parsing from strings and validation. Depends on
 * nothing else in Strand; never on Ratis, gRPC or the store.
 */
package io.strand.server.config;
