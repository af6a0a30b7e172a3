package io.strand.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClusterMetadataTest {

  private static ClusterImage imageAt(long index) {
    return new ClusterImage("c", 1, new TreeMap<>(), new TreeMap<>(), index);
  }

  @Test
  void aReplayedOlderImageIsIgnoredSoTheViewNeverGoesBack() {
    ClusterMetadata metadata = new ClusterMetadata();
    List<Long> seen = new ArrayList<>();
    metadata.addListener(image -> seen.add(image.appliedIndex()));

    metadata.publish(imageAt(5));
    // A metadata group restarted in-process replays from its snapshot at index 3.
    metadata.publish(imageAt(3));
    metadata.publish(imageAt(4));
    metadata.publish(imageAt(5));
    metadata.publish(imageAt(6));

    assertThat(metadata.image().appliedIndex()).isEqualTo(6);
    assertThat(seen).containsExactly(5L, 5L, 6L);
    assertThat(metadata.awaitApplied(6)).isCompleted();
  }
}
