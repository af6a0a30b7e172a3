package io.strand.client.admin;

/**
 * One consumer group as listed.
 *
 * @param groupId the group id
 * @param state EMPTY, ASSIGNING, RECONCILING or STABLE
 * @param members number of members
 */
public record GroupListing(String groupId, String state, int members) {}
