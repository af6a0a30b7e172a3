/**
 * The public gRPC API v1 services (produce, fetch/subscribe/list-offsets, metadata, admin): thin layers that
 * validate, route and translate between protos and the store. Must never depend on Ratis directly; partition
 * work goes through routing, metadata work through the cluster package.
 */
package io.strand.server.api;
