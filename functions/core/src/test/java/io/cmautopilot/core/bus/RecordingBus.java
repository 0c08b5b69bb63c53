package io.cmautopilot.core.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A bus that keeps what it is given, for tests; it can be told to refuse events to exercise the
 * pending-mark and sweeper paths.
 */
public final class RecordingBus implements Bus {
    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private volatile Predicate<DomainEvent> refuse = e -> false;

    @Override
    public List<DomainEvent> put(List<DomainEvent> batch) {
        List<DomainEvent> refused = new ArrayList<>();
        for (DomainEvent e : batch) {
            if (refuse.test(e)) {
                refused.add(e);
            } else {
                events.add(e);
            }
        }
        return refused;
    }

    public void refuseWhen(Predicate<DomainEvent> predicate) {
        this.refuse = predicate;
    }

    public List<DomainEvent> events() {
        return List.copyOf(events);
    }

    public List<DomainEvent> events(String detailType) {
        return events.stream().filter(e -> e.detailType().equals(detailType)).toList();
    }

    public void clear() {
        events.clear();
    }
}
