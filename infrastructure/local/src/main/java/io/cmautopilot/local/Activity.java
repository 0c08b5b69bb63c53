package io.cmautopilot.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Counts the work in flight (bus deliveries, queue batches, schedule fires) so shutdown and tests can wait for it. */
public final class Activity {
    private int busy;

    public synchronized void begin() {
        busy++;
    }

    public synchronized void end() {
        busy--;
        notifyAll();
    }

    public synchronized int busy() {
        return busy;
    }

    /** Waits until nothing is in flight and {@code settled} holds (e.g. polled queues empty); false on timeout. */
    public boolean awaitIdle(Duration timeout, BooleanSupplier settled) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietRounds = 0;
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                // Two quiet looks in a row: a delivery can start a new one (a function putting events) in between.
                if (busy == 0 && settled.getAsBoolean()) {
                    if (++quietRounds >= 2) {
                        return true;
                    }
                } else {
                    quietRounds = 0;
                }
                try {
                    wait(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
