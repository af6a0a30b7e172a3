/**
 * The workload of a chaos run: idempotent producers (acks=all, unique values), consumers that read every partition
 * and a final reader, each a {@code bin/strand produce}/{@code consume} client process (so the SDK's idempotent
 * producer and consumer are what is tested), every operation recorded in the history.
 *
 * <p>May depend on the history and the cluster launcher. Must never depend on the checker or the nemesis.
 */
package io.strand.chaos.workload;
