package io.strand.store.offsets;

/**
 * One row of a group listing.
 *
 * @param groupId the group id
 * @param state the group's state
 * @param members number of members
 * @param groupEpoch the group epoch
 */
public record GroupListing(String groupId, GroupState state, int members, int groupEpoch) {}
