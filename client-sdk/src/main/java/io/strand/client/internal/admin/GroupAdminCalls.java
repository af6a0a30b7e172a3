package io.strand.client.internal.admin;

import io.strand.api.v1.DeleteGroupRequest;
import io.strand.api.v1.DeleteGroupResponse;
import io.strand.api.v1.DescribeGroupRequest;
import io.strand.api.v1.DescribeGroupResponse;
import io.strand.api.v1.GroupMemberDescription;
import io.strand.api.v1.GroupServiceGrpc;
import io.strand.api.v1.ListGroupsRequest;
import io.strand.api.v1.ListGroupsResponse;
import io.strand.api.v1.ResetOffsetsRequest;
import io.strand.api.v1.ResetOffsetsResponse;
import io.strand.api.v1.ResetTarget;
import io.strand.client.TopicPartition;
import io.strand.client.admin.GroupDescription;
import io.strand.client.admin.GroupListing;
import io.strand.client.admin.OffsetResetTarget;
import io.strand.client.internal.Calls;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.Endpoint;
import io.strand.client.internal.RetryingCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The admin client's consumer-group calls (any node forwards them to the group's coordinator).
 *
 * <p>Not API. Thread-safe.
 */
final class GroupAdminCalls {

  private final ClientRuntime runtime;
  private final RetryingCall retrying;

  GroupAdminCalls(ClientRuntime runtime) {
    this.runtime = runtime;
    this.retrying = new RetryingCall(runtime);
  }

  private GroupServiceGrpc.GroupServiceStub stub(Endpoint target) {
    return GroupServiceGrpc.newStub(runtime.channels().channel(target))
        .withDeadlineAfter(runtime.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  CompletableFuture<List<GroupListing>> list() {
    ListGroupsRequest request = ListGroupsRequest.getDefaultInstance();
    return retrying.run("list groups",
            target -> Calls.<ListGroupsResponse>unary(o -> stub(target).listGroups(request, o)))
        .thenApply(r -> r.getGroupsList().stream()
            .map(g -> new GroupListing(g.getGroupId(), g.getState(), g.getMembers())).toList());
  }

  CompletableFuture<GroupDescription> describe(String groupId) {
    DescribeGroupRequest request = DescribeGroupRequest.newBuilder().setGroupId(groupId).build();
    return retrying.run("describe group " + groupId,
            target -> Calls.<DescribeGroupResponse>unary(o -> stub(target).describeGroup(request, o)))
        .thenApply(r -> new GroupDescription(r.getGroupId(), r.getState(), r.getGroupEpoch(), r.getAssignor(),
            r.getMembersList().stream().map(GroupMemberDescription::getMemberId).toList(),
            r.getPartitionsList().stream().map(p -> new GroupDescription.PartitionProgress(
                new TopicPartition(p.getTopic(), p.getPartition()), p.getCommittedOffset(), p.getLogEndOffset(),
                p.getLag(), p.getMemberId())).toList()));
  }

  CompletableFuture<Map<TopicPartition, Long>> reset(String groupId, String topic, OffsetResetTarget target) {
    ResetTarget.Builder t = ResetTarget.newBuilder();
    switch (target.kind()) {
      case EARLIEST -> t.setEarliest(true);
      case LATEST -> t.setLatest(true);
      case TIMESTAMP -> t.setTimestampMs(target.value());
      case OFFSET -> t.setOffset(target.value());
    }
    ResetOffsetsRequest request = ResetOffsetsRequest.newBuilder().setGroupId(groupId).setTopic(topic).setTarget(t)
        .build();
    return retrying.run("reset offsets of group " + groupId,
            tgt -> Calls.<ResetOffsetsResponse>unary(o -> stub(tgt).resetOffsets(request, o)))
        .thenApply(r -> {
          Map<TopicPartition, Long> out = new LinkedHashMap<>();
          r.getOffsetsList().forEach(o -> out.put(new TopicPartition(o.getTopic(), o.getPartition()), o.getOffset()));
          return out;
        });
  }

  CompletableFuture<Void> delete(String groupId) {
    DeleteGroupRequest request = DeleteGroupRequest.newBuilder().setGroupId(groupId).build();
    return retrying.run("delete group " + groupId,
            target -> Calls.<DeleteGroupResponse>unary(o -> stub(target).deleteGroup(request, o)))
        .thenApply(r -> null);
  }
}
