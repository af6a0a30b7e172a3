"""JVM flags shared by both systems, so heap and GC settings never differ between the rows of a table."""

# Kafka's kafka-server-start.sh / kafka-run-class.sh defaults; Strand nodes get exactly the same.
SERVER_JVM = ["-Xms1g", "-Xmx1g", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
              "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-XX:MaxInlineLevel=15",
              "-Djava.awt.headless=true"]
SERVER_HEAP = ["-Xms1g", "-Xmx1g"]

# Load generators (both systems' perf tools).
TOOL_JVM = ["-Xmx512m", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-XX:MaxInlineLevel=15",
            "-Djava.awt.headless=true"]
