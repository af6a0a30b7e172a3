package io.strand.server.api;

import io.grpc.stub.StreamObserver;
import io.strand.api.v1.MetadataRequest;
import io.strand.api.v1.MetadataResponse;
import io.strand.api.v1.MetadataServiceGrpc;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.TopicInfo;

/**
 * GetMetadata, answered from this node's replica of the metadata group (it may lag the metadata leader by a few
 * milliseconds; partition leaders are this node's best knowledge).
 *
 * <p>Thread-safe.
 */
public final class MetadataService extends MetadataServiceGrpc.MetadataServiceImplBase {

  private final ClusterView view;

  public MetadataService(ClusterView view) {
    this.view = view;
  }

  @Override
  public void getMetadata(MetadataRequest request, StreamObserver<MetadataResponse> responses) {
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
