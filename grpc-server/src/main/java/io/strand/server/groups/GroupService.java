package io.strand.server.groups;

import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.CommitOffsetsRequest;
import io.strand.api.v1.CommitOffsetsResponse;
import io.strand.api.v1.ConsumerGroupHeartbeatRequest;
import io.strand.api.v1.ConsumerGroupHeartbeatResponse;
import io.strand.api.v1.DeleteGroupRequest;
import io.strand.api.v1.DeleteGroupResponse;
import io.strand.api.v1.DescribeGroupRequest;
import io.strand.api.v1.DescribeGroupResponse;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchOffsetsRequest;
import io.strand.api.v1.FetchOffsetsResponse;
import io.strand.api.v1.GroupServiceGrpc;
import io.strand.api.v1.ListGroupsRequest;
import io.strand.api.v1.ListGroupsResponse;
import io.strand.api.v1.ResetOffsetsRequest;
import io.strand.api.v1.ResetOffsetsResponse;
import io.strand.server.api.RequestLimits;
import io.strand.server.error.GrpcErrors;
import io.strand.store.offsets.GroupListing;
import io.strand.store.offsets.GroupOperationResult;
import io.strand.store.offsets.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The public consumer-group API. Any node accepts every call and routes it to the group's coordinator
 * ({@link CoordinatorRouter}); the coordinator answers from its offsets state machine. Describe and reset also look
 * up partition offsets ({@link GroupAdmin}).
 *
 * <p>Thread-safe.
 */
public final class GroupService extends GroupServiceGrpc.GroupServiceImplBase {

  private final CoordinatorRouter router;
  private final GroupAdmin admin;
  private final RequestLimits limits;

  public GroupService(CoordinatorRouter router, LogOffsets logOffsets, RequestLimits limits) {
    this.router = router;
    this.admin = new GroupAdmin(router, logOffsets);
    this.limits = limits;
  }

  @Override
  public void consumerGroupHeartbeat(ConsumerGroupHeartbeatRequest request,
                                     StreamObserver<ConsumerGroupHeartbeatResponse> responses) {
    requireGroupId(request.getGroupId());
    if (request.getMemberId().isEmpty()) {
      throw GrpcErrors.exception(ErrorCode.ERROR_CODE_INVALID_REQUEST, "member_id must be set (a client UUID)");
    }
    Deadline deadline = limits.deadline(0);
    reply(router.route(router.partitionFor(request.getGroupId()),
        sm -> sm.heartbeat(GroupProtos.heartbeat(request, "")).thenApply(GroupProtos::heartbeat),
        (stub, observer) -> stub.consumerGroupHeartbeat(request, observer), deadline), responses);
  }

  @Override
  public void commitOffsets(CommitOffsetsRequest request, StreamObserver<CommitOffsetsResponse> responses) {
    requireGroupId(request.getGroupId());
    limits.checkPartitionCount(request.getOffsetsCount());
    reply(router.route(router.partitionFor(request.getGroupId()),
        sm -> sm.commitOffsets(GroupProtos.commit(request)).thenApply(GroupProtos::commit),
        (stub, observer) -> stub.commitOffsets(request, observer), limits.deadline(0)), responses);
  }

  @Override
  public void fetchOffsets(FetchOffsetsRequest request, StreamObserver<FetchOffsetsResponse> responses) {
    requireGroupId(request.getGroupId());
    List<TopicPartition> wanted = GroupProtos.partitions(request.getPartitionsList());
    reply(router.route(router.partitionFor(request.getGroupId()),
        sm -> sm.fetchOffsets(request.getGroupId(), wanted.isEmpty() ? Optional.empty() : Optional.of(wanted))
            .thenApply(found -> {
              FetchOffsetsResponse.Builder b = FetchOffsetsResponse.newBuilder();
              if (wanted.isEmpty()) {
                found.forEach((tp, o) -> b.addOffsets(GroupProtos.committed(tp, o)));
              } else {
                wanted.stream().sorted().forEach(tp -> b.addOffsets(GroupProtos.committed(tp, found.get(tp))));
              }
              return b.build();
            }),
        (stub, observer) -> stub.fetchOffsets(request, observer), limits.deadline(0)), responses);
  }

  @Override
  public void listGroups(ListGroupsRequest request, StreamObserver<ListGroupsResponse> responses) {
    Deadline deadline = limits.deadline(0);
    List<Integer> partitions = new ArrayList<>(request.getCoordinatorPartitionsList());
    if (partitions.isEmpty()) {
      for (int p = 0; p < router.partitionCount(); p++) {
        partitions.add(p);
      }
    }
    List<CompletableFuture<ListGroupsResponse>> parts = new ArrayList<>();
    for (int p : partitions) {
      ListGroupsRequest one = ListGroupsRequest.newBuilder().addCoordinatorPartitions(p).build();
      parts.add(router.route(p, sm -> sm.listGroups().thenApply(GroupService::listing),
          (stub, observer) -> stub.listGroups(one, observer), deadline));
    }
    reply(CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<io.strand.api.v1.GroupListing> all = new ArrayList<>();
      parts.forEach(f -> all.addAll(f.join().getGroupsList()));
      all.sort(Comparator.comparing(io.strand.api.v1.GroupListing::getGroupId));
      return ListGroupsResponse.newBuilder().addAllGroups(all).build();
    }), responses);
  }

  @Override
  public void describeGroup(DescribeGroupRequest request, StreamObserver<DescribeGroupResponse> responses) {
    requireGroupId(request.getGroupId());
    Deadline deadline = limits.deadline(0);
    reply(router.route(router.partitionFor(request.getGroupId()), sm -> admin.describe(sm, request, deadline),
        (stub, observer) -> stub.describeGroup(request, observer), deadline), responses);
  }

  @Override
  public void resetOffsets(ResetOffsetsRequest request, StreamObserver<ResetOffsetsResponse> responses) {
    requireGroupId(request.getGroupId());
    Deadline deadline = limits.deadline(0);
    reply(router.route(router.partitionFor(request.getGroupId()), sm -> admin.reset(sm, request, deadline),
        (stub, observer) -> stub.resetOffsets(request, observer), deadline), responses);
  }

  @Override
  public void deleteGroup(DeleteGroupRequest request, StreamObserver<DeleteGroupResponse> responses) {
    requireGroupId(request.getGroupId());
    reply(router.route(router.partitionFor(request.getGroupId()),
        sm -> sm.deleteGroup(request.getGroupId()).thenApply(result -> {
          requireSuccess(result);
          return DeleteGroupResponse.getDefaultInstance();
        }),
        (stub, observer) -> stub.deleteGroup(request, observer), limits.deadline(0)), responses);
  }

  static void requireSuccess(GroupOperationResult result) {
    if (!result.isSuccess()) {
      throw GrpcErrors.exception(result.error(), result.message());
    }
  }

  private static ListGroupsResponse listing(List<GroupListing> groups) {
    ListGroupsResponse.Builder b = ListGroupsResponse.newBuilder();
    for (GroupListing g : groups) {
      b.addGroups(io.strand.api.v1.GroupListing.newBuilder().setGroupId(g.groupId()).setState(g.state().name())
          .setMembers(g.members()).setGroupEpoch(g.groupEpoch()));
    }
    return b.build();
  }

  private static void requireGroupId(String groupId) {
    if (groupId.isEmpty()) {
      throw GrpcErrors.exception(ErrorCode.ERROR_CODE_INVALID_REQUEST, "group_id must be set");
    }
  }

  private static <R> void reply(CompletableFuture<R> result, StreamObserver<R> responses) {
    result.whenComplete((response, failure) -> {
      if (failure != null) {
        responses.onError(GrpcErrors.toStatusException(failure));
      } else {
        responses.onNext(response);
        responses.onCompleted();
      }
    });
  }
}
