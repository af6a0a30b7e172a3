/** The admin client implementation over the AdminService. Not API. */
package io.strand.client.internal.admin;
