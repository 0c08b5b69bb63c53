package io.cmautopilot.core.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class PrimingTest {
    @Test
    void every_dry_call_runs_in_order_a_failing_one_is_swallowed_and_not_counted() {
        List<String> ran = new CopyOnWriteArrayList<>();

        int completed = Priming.run(List.of(() -> ran.add("table"), () -> {
            throw new IllegalStateException("no permission in the build account");
        }, () -> ran.add("bus")));

        assertThat(ran).containsExactly("table", "bus");
        assertThat(completed).isEqualTo(2);
        assertThat(Priming.run(List.of())).isZero();
    }

    @Test
    void the_checkpoint_runs_the_registered_dry_calls_each_time_it_is_taken() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        Priming.add(() -> ran.add("table"));
        Priming.add(() -> {
            throw new IllegalStateException("no permission in the build account");
        });
        Priming.add(() -> ran.add("bus"));

        Priming.RESOURCE.beforeCheckpoint(null);
        assertThat(ran).containsExactly("table", "bus");

        Priming.RESOURCE.beforeCheckpoint(null);
        assertThat(ran).containsExactly("table", "bus", "table", "bus");
    }
}
