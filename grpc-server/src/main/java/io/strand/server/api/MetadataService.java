package io.strand.server.api;

import io.grpc.stub.StreamObserver;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.MetadataRequest;
import io.strand.api.v1.MetadataResponse;
import io.strand.api.v1.MetadataServiceGrpc;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.TopicInfo;
import io.strand.server.error.GrpcErrors;
import io.strand.server.routing.MetadataSync;
import java.util.concurrent.TimeUnit;

/**
 * GetMetadata, answered from this node's replica of the metadata group (it may lag the metadata leader by a few
 * milliseconds; partition leaders are this node's best knowledge). A request naming a topic this node does not
 * know yet first catches up with the metadata leader, so a topic just created through another node is found.
 *
 * <p>Thread-safe.
 */
public final class MetadataService extends MetadataServiceGrpc.MetadataServiceImplBase {

  private static final long CATCH_UP_TIMEOUT_MS = 5000;

  private final ClusterView view;
  private final MetadataSync metadataSync;

  public MetadataService(ClusterView view, MetadataSync metadataSync) {
    this.view = view;
    this.metadataSync = metadataSync;
  }

  @Override
  public void getMetadata(MetadataRequest request, StreamObserver<MetadataResponse> responses) {
    ClusterImage local = view.image();
    if (!isMissing(request, local)) {
      respond(request, responses);
      return;
    }
    metadataSync.catchUp().orTimeout(CATCH_UP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .whenComplete((v, e) -> {
          if (e != null && isMissing(request, view.image())) {
            // Without the metadata leader's word a topic missing here may just not be replayed yet (a restarted
            // node): say so, retriably, rather than claim it does not exist.
            responses.onError(GrpcErrors.exception(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, "topics "
                + request.getTopicsList() + " are not all in this node's metadata, which could not be brought up "
                + "to date with the metadata leader; retry"));
            return;
          }
          respond(request, responses);
        });
  }

  private static boolean isMissing(MetadataRequest request, ClusterImage image) {
    return request.getTopicsList().stream().anyMatch(t -> !image.topics().containsKey(t));
  }

  private void respond(MetadataRequest request, StreamObserver<MetadataResponse> responses) {
    ClusterImage image = view.image();
    MetadataResponse.Builder b = MetadataResponse.newBuilder()
        .setControllerId(view.controllerId())
        .setRespondingNodeId(view.localNodeId());
    image.nodes().values().forEach(n -> b.addNodes(view.node(n)));
    if (request.getTopicsCount() == 0) {
      for (TopicInfo t : image.topics().values()) {
        if (!t.internal() || request.getIncludeInternal()) {
          b.addTopics(view.topic(t));
        }
      }
    } else {
      for (String name : request.getTopicsList()) {
        b.addTopics(image.topic(name).map(view::topic).orElseGet(() -> ClusterView.unknownTopic(name)));
      }
    }
    responses.onNext(b.build());
    responses.onCompleted();
  }
}
