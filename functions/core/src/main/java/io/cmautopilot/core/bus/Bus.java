package io.cmautopilot.core.bus;

import java.util.List;

/** The event bus port: EventBridge in AWS, the local runtime's router on one machine, a recorder in tests. */
public interface Bus {
    /**
     * Puts events and returns those that could not be delivered after retries (empty when all were accepted). The
     * caller keeps a pending mark for each undelivered event so that a sweeper can put it again: nothing is lost.
     */
    List<DomainEvent> put(List<DomainEvent> events);
}
