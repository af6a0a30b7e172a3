/**
 * The operational HTTP endpoint (/metrics, /healthz, /readyz) on the JDK HttpServer. Depends only on Micrometer;
 * never on services, routing or the store.
 */
package io.strand.server.http;
