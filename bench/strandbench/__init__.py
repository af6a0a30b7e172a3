"""Side-by-side benchmark of Strand and Apache Kafka on one machine (issue 8); entry point bench/run.sh."""
