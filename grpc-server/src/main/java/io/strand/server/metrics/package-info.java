/** Front-end meters (one holder, names as constants). Depends only on Micrometer. */
package io.strand.server.metrics;
