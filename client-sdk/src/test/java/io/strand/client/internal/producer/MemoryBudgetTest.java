package io.strand.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strand.client.error.BufferExhaustedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MemoryBudgetTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void reservesAndReleases() {
    MemoryBudget budget = new MemoryBudget(1000);
    budget.reserve(600, 0);
    assertThat(budget.availableBytes()).isEqualTo(400);
    budget.release(600);
    assertThat(budget.availableBytes()).isEqualTo(1000);
  }

  @Test
  void zeroMaxBlockFailsAtOnceWhenFull() {
    MemoryBudget budget = new MemoryBudget(1000);
    budget.reserve(900, 0);

    assertThatThrownBy(() -> budget.reserve(200, 0)).isInstanceOf(BufferExhaustedException.class)
        .hasMessageContaining("at once");
    assertThat(budget.availableBytes()).isEqualTo(100);
  }

  @Test
  void blocksUntilMaxBlockThenFails() {
    MemoryBudget budget = new MemoryBudget(1000);
    budget.reserve(1000, 0);
    long start = System.nanoTime();

    assertThatThrownBy(() -> budget.reserve(10, 200)).isInstanceOf(BufferExhaustedException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(190);
    assertThat(budget.hasWaiters()).isFalse();
  }

  @Test
  void aBlockedReservationProceedsWhenMemoryIsReleased() {
    MemoryBudget budget = new MemoryBudget(1000);
    budget.reserve(1000, 0);
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> budget.reserve(300, 10_000), threads);
    await().atMost(Duration.ofSeconds(5)).until(budget::hasWaiters);
    assertThat(waiter).isNotDone();

    budget.release(300);

    await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
    assertThat(waiter).isCompleted();
    assertThat(budget.availableBytes()).isZero();
  }

  @Test
  void waitersAreServedInArrivalOrder() {
    MemoryBudget budget = new MemoryBudget(1000);
    budget.reserve(1000, 0);
    CompletableFuture<Void> big = CompletableFuture.runAsync(() -> budget.reserve(800, 10_000), threads);
    await().atMost(Duration.ofSeconds(5)).until(budget::hasWaiters);
    CompletableFuture<Void> small = CompletableFuture.runAsync(() -> budget.reserve(100, 10_000), threads);
    await().atMost(Duration.ofSeconds(5)).until(() -> budget.waiterCount() == 2);

    budget.release(500);
    assertThat(small).isNotDone();
    assertThat(big).isNotDone();

    budget.release(500);
    await().atMost(Duration.ofSeconds(5)).until(() -> big.isDone() && small.isDone());
    assertThat(budget.availableBytes()).isEqualTo(100);
  }

  @Test
  void closeWakesWaitersWithIllegalState() {
    MemoryBudget budget = new MemoryBudget(100);
    budget.reserve(100, 0);
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> budget.reserve(50, 10_000), threads);
    await().atMost(Duration.ofSeconds(5)).until(budget::hasWaiters);

    budget.close();

    await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
    assertThat(waiter).isCompletedExceptionally();
    assertThatThrownBy(waiter::join).hasCauseInstanceOf(IllegalStateException.class);
  }
}
