package io.strand.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.LeaderHint;
import io.strand.api.v1.NodeEndpoint;
import io.strand.api.v1.PartitionError;
import io.strand.client.error.InterruptException;
import io.strand.client.error.InvalidRequestException;
import io.strand.client.error.NetworkException;
import io.strand.client.error.NotLeaderException;
import io.strand.client.error.OutOfOrderSequenceException;
import io.strand.client.error.RetriableException;
import io.strand.client.error.StrandException;
import io.strand.client.error.TimeoutException;
import io.strand.client.error.TopicExistsException;
import io.strand.client.error.UnknownTopicException;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorMapperTest {

  @ParameterizedTest
  @EnumSource(value = ErrorCode.class, names = {"ERROR_CODE_NONE", "UNRECOGNIZED"}, mode = EnumSource.Mode.EXCLUDE)
  void everyCodeMapsToAnExceptionWhoseRetriabilityMatchesTheProtoContract(ErrorCode code) {
    StrandException mapped = ErrorMapper.forCode(code, "produce to t-0", "details", null);

    assertThat(mapped.getMessage()).contains("produce to t-0").contains(ErrorMapper.shortName(code))
        .contains("details");
    assertThat(mapped instanceof RetriableException).as(code.name()).isEqualTo(ErrorMapper.isRetriable(code));
  }

  @Test
  void retriableCodesAreExactlyTheTransientOnes() {
    assertThat(Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.UNRECOGNIZED)
        .filter(ErrorMapper::isRetriable))
        .containsExactlyInAnyOrder(ErrorCode.ERROR_CODE_UNKNOWN_SERVER_ERROR, ErrorCode.ERROR_CODE_NOT_LEADER,
            ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, ErrorCode.ERROR_CODE_TIMEOUT,
            ErrorCode.ERROR_CODE_STORAGE_ERROR, ErrorCode.ERROR_CODE_DISK_FULL,
            ErrorCode.ERROR_CODE_NOT_COORDINATOR, ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE,
            ErrorCode.ERROR_CODE_THROTTLED);
  }

  @Test
  void notLeaderCarriesTheLeaderHint() {
    PartitionError error = PartitionError.newBuilder().setCode(ErrorCode.ERROR_CODE_NOT_LEADER)
        .setLeader(LeaderHint.newBuilder().setLeaderId(3).setLeaderEpoch(7)
            .setEndpoint(NodeEndpoint.newBuilder().setNodeId(3).setHost("10.0.0.3").setPort(7070)))
        .build();

    StrandException mapped = ErrorMapper.forPartition(error, "fetch t-1");

    assertThat(mapped).isInstanceOfSatisfying(NotLeaderException.class, e -> {
      assertThat(e.leaderId()).hasValue(3);
      assertThat(e.leaderEndpoint()).hasValue("10.0.0.3:7070");
      assertThat(e.leaderEpoch()).isEqualTo(7);
    });
  }

  @Test
  void notLeaderWithoutHintHasEmptyHint() {
    StrandException mapped = ErrorMapper.forCode(ErrorCode.ERROR_CODE_NOT_LEADER, "x", "", null);
    assertThat(((NotLeaderException) mapped).leaderId()).isEmpty();
    assertThat(((NotLeaderException) mapped).leaderEndpoint()).isEmpty();
  }

  @Test
  void statusWithErrorInfoMapsByTheErrorCodeName() {
    com.google.rpc.Status details = com.google.rpc.Status.newBuilder().setCode(Status.Code.ALREADY_EXISTS.value())
        .setMessage("topic t exists")
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("ERROR_CODE_TOPIC_ALREADY_EXISTS").build())).build();

    StrandException mapped = ErrorMapper.fromThrowable(
        new CompletionException(StatusProto.toStatusRuntimeException(details)), "create topic t");

    assertThat(mapped).isInstanceOf(TopicExistsException.class).hasMessageContaining("create topic t");
  }

  @Test
  void shortErrorInfoReasonsAreAcceptedToo() {
    com.google.rpc.Status details = com.google.rpc.Status.newBuilder().setCode(Status.Code.NOT_FOUND.value())
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("OUT_OF_ORDER_SEQUENCE").build())).build();

    assertThat(ErrorMapper.fromThrowable(StatusProto.toStatusRuntimeException(details), "x"))
        .isInstanceOf(OutOfOrderSequenceException.class);
  }

  @Test
  void plainStatusesMapByStatusCode() {
    assertThat(ErrorMapper.fromThrowable(Status.UNAVAILABLE.asRuntimeException(), "x"))
        .isInstanceOf(NetworkException.class);
    assertThat(ErrorMapper.fromThrowable(Status.DEADLINE_EXCEEDED.asRuntimeException(), "x"))
        .isInstanceOf(TimeoutException.class);
    assertThat(ErrorMapper.fromThrowable(Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException(), "x"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("bad");
    assertThat(ErrorMapper.fromThrowable(Status.NOT_FOUND.asRuntimeException(), "x"))
        .isInstanceOf(UnknownTopicException.class);
  }

  @Test
  void alreadyMappedExceptionsPassThroughAndInterruptsKeepTheFlag() {
    TimeoutException timeout = new TimeoutException("t");
    assertThat(ErrorMapper.fromThrowable(new CompletionException(timeout), "x")).isSameAs(timeout);

    StrandException interrupted = ErrorMapper.fromThrowable(new InterruptedException(), "poll");
    assertThat(interrupted).isInstanceOf(InterruptException.class);
    assertThat(Thread.interrupted()).isTrue();
  }
}
