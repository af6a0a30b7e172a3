/**
 * Front-end errors and their single mapping to gRPC statuses and per-partition results. Depends on the public
 * proto and the store's exception types; never on services or routing.
 */
package io.strand.server.error;
