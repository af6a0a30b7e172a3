/**
 * Serializers and deserializers: the seam between application objects and record bytes. Depends only on
 * the JDK and the client's error package.
 */
package io.strand.client.serialization;
