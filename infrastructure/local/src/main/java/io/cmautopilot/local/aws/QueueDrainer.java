package io.cmautopilot.local.aws;

/**
 * The thread life of something that drains a queue on the endpoint (an event source mapping, a rule mirror): one
 * virtual thread runs {@link #loop()} while {@link #running} is set; {@link #close()} clears it and waits for the
 * batch in hand to finish, so a stop never abandons a message half handled.
 */
abstract class QueueDrainer implements AutoCloseable {
    protected volatile boolean running;
    private Thread thread;

    /** The drain loop: returns when {@link #running} goes false. */
    protected abstract void loop();

    /** Starts the loop once on a virtual thread named {@code name}; a second call does nothing. */
    protected final synchronized void start(String name) {
        if (!running) {
            running = true;
            thread = Thread.ofVirtual().name(name).start(this::loop);
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
