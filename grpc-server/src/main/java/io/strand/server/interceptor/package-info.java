/**
 * Cross-cutting gRPC server concerns: exception-to-status mapping, forwarded-call marking (loop prevention) and
 * request metrics. Must never depend on services, routing or the store.
 */
package io.strand.server.interceptor;
