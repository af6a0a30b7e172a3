/**
 * The storage layer's exception hierarchy. Every {@link io.strand.store.error.StoreException} maps to exactly one
 * {@link io.strand.api.v1.ErrorCode}, so the front end translates failures in one place without inspecting messages.
 *
 * <p>I/O failures are converted here too ({@link io.strand.store.error.StorageErrors}): a full disk becomes
 * {@code DISK_FULL}, any other {@link java.io.IOException} on a data directory becomes {@code STORAGE_ERROR}.
 *
 * <p>This package depends only on the generated {@code io.strand.api.v1} enum; it must never depend on the log,
 * Ratis, gRPC or client code.
 */
package io.strand.store.error;
