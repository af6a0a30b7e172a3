package io.strand.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.strand.api.v1.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on Strand's request-level errors: gRPC status plus ErrorInfo reason. */
final class GrpcAssertions {

  private GrpcAssertions() {}

  /** Asserts the call fails with {@code status} and ErrorInfo reason {@code code}; returns the ErrorInfo. */
  static ErrorInfo assertFails(ThrowingCallable call, Status.Code status, ErrorCode code) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("expected %s / %s", status, code).isNotNull();
    assertThat(e.getStatus().getCode()).as(String.valueOf(e.getStatus().getDescription())).isEqualTo(status);
    ErrorInfo info = errorInfo(e);
    assertThat(info.getReason()).isEqualTo(code.name());
    assertThat(info.getDomain()).isEqualTo("strand.io");
    return info;
  }

  static ErrorInfo errorInfo(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("rich status on " + e).isNotNull();
    return status.getDetailsList().stream().filter(a -> a.is(ErrorInfo.class)).findFirst().map(a -> {
      try {
        return a.unpack(ErrorInfo.class);
      } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
        throw new AssertionError(ex);
      }
    }).orElseThrow(() -> new AssertionError("no ErrorInfo in " + e));
  }
}
