package io.cmautopilot.core.config;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PrimingTest {
    @Test
    void dry_calls_run_before_the_snapshot_and_their_failures_are_swallowed() {
        AtomicInteger ran = new AtomicInteger();
        Priming.add(ran::incrementAndGet);
        Priming.add(() -> {
            throw new IllegalStateException("no permission in the build account");
        });
        Priming.add(ran::incrementAndGet);

        int completed = Priming.primeNow();

        assertThat(ran.get()).isEqualTo(2);
        assertThat(completed).isGreaterThanOrEqualTo(2);
    }
}
