/**
 * The administration API: topics, partitions, configs, offsets, record deletion and the cluster's nodes.
 * Value types are records; no gRPC or protobuf type appears here.
 */
package io.strand.client.admin;
