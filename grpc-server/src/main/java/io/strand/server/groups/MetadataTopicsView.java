package io.strand.server.groups;

import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.TopicInfo;
import io.strand.store.offsets.TopicsView;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The coordinator's view of topics, read from the node's current metadata image. Thread-safe. */
public final class MetadataTopicsView implements TopicsView {

  private final Supplier<ClusterImage> image;

  public MetadataTopicsView(Supplier<ClusterImage> image) {
    this.image = image;
  }

  @Override
  public OptionalInt partitionCount(String topic) {
    return image.get().topic(topic).map(t -> OptionalInt.of(t.partitionCount())).orElse(OptionalInt.empty());
  }

  @Override
  public Set<String> topicNames() {
    Set<String> names = new TreeSet<>();
    for (TopicInfo t : image.get().topics().values()) {
      names.add(t.name());
    }
    return names;
  }
}
