package io.cmautopilot.local.sqs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cmautopilot.core.json.Json;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A local SQS queue with the semantics the functions rely on: a received message stays invisible until it is
 * deleted or its visibility delay passes, each receive counts, and after {@code maxReceiveCount} failed receives a
 * message moves to the redrive policy's dead-letter queue instead of coming back.
 * <p>
 * With a journal ({@link QueueJournal}, the runtime's {@code <data>/queues/<queue>.log}) the queue survives a kill
 * -9: a send returns only once its message is written and fsync'd, and every receive, release and delete is
 * appended, so a restart finds exactly the messages not yet deleted, with their receive counts (the redrive still
 * happens after {@code maxReceiveCount} receives, crashes included). Messages in flight when the process died are
 * visible again after their visibility timeout, capped at the runtime's redelivery cap. Without a journal (tests)
 * it is in memory only.
 */
public final class LocalQueue {
    private final String name;
    private final Clock clock;
    private final LocalQueue deadLetter;
    private final int maxReceiveCount;
    private final Map<String, Entry> messages = new LinkedHashMap<>();
    private final QueueJournal journal;

    private static final class Entry {
        final String id;
        final String body;
        final long sentAt;
        int receiveCount;
        long firstReceiveAt;
        long visibleAt;
        boolean inFlight;

        Entry(String id, String body, long sentAt, int receiveCount) {
            this.id = id;
            this.body = body;
            this.sentAt = sentAt;
            this.receiveCount = receiveCount;
        }
    }

    /** A received message: what the SQS event record carries. */
    public record Message(String id, String body, long sentAt, int receiveCount, long firstReceiveAt) {
    }

    public LocalQueue(String name, Clock clock, LocalQueue deadLetter, int maxReceiveCount) {
        this.name = name;
        this.clock = clock;
        this.deadLetter = deadLetter;
        this.maxReceiveCount = maxReceiveCount;
        this.journal = null;
    }

    /**
     * A queue kept in {@code journalFile}: the messages found there are loaded (in flight ones visible again after at
     * most {@code restoreCapMillis}), and every change from now on is appended to it.
     */
    public LocalQueue(String name, Clock clock, LocalQueue deadLetter, int maxReceiveCount, java.nio.file.Path journalFile,
                      long restoreCapMillis) {
        this.name = name;
        this.clock = clock;
        this.deadLetter = deadLetter;
        this.maxReceiveCount = maxReceiveCount;
        long now = clock.millis();
        List<QueueJournal.Saved> saved = QueueJournal.load(journalFile);
        for (QueueJournal.Saved m : saved) {
            Entry e = new Entry(m.id(), m.body(), m.sentAt(), m.receiveCount());
            e.firstReceiveAt = m.firstReceiveAt();
            e.visibleAt = Math.min(m.visibleAt(), now + restoreCapMillis);
            messages.put(e.id, e);
        }
        this.journal = QueueJournal.open(journalFile, saved);
    }

    /** Closes the journal (the messages stay in it for the next start). */
    public synchronized void close() {
        if (journal != null) {
            journal.close();
        }
    }

    private QueueJournal.Saved saved(Entry e) {
        return new QueueJournal.Saved(e.id, e.body, e.sentAt, e.receiveCount, e.firstReceiveAt, e.visibleAt);
    }

    private void compactIfNeeded() {
        if (journal != null && journal.needsCompaction(messages.size())) {
            journal.compact(messages.values().stream().map(this::saved).toList());
        }
    }

    public String name() {
        return name;
    }

    public LocalQueue deadLetter() {
        return deadLetter;
    }

    public synchronized String send(String body) {
        return add(body, 0);
    }

    private String add(String body, int receiveCount) {
        String id = UUID.randomUUID().toString();
        Entry e = new Entry(id, body, clock.millis(), receiveCount);
        e.visibleAt = clock.millis();
        if (journal != null) {
            journal.sent(saved(e)); // written and fsync'd before the send is acknowledged
        }
        messages.put(id, e);
        notifyAll();
        return id;
    }

    /** Takes up to {@code max} visible messages, each invisible for {@code visibilityMillis} unless settled earlier. */
    public synchronized List<Message> receive(int max, long visibilityMillis) {
        long now = clock.millis();
        List<Message> out = new ArrayList<>();
        for (Entry e : messages.values()) {
            if (out.size() >= max) {
                break;
            }
            if (!e.inFlight && e.visibleAt <= now) {
                e.inFlight = true;
                e.receiveCount++;
                if (e.firstReceiveAt == 0) {
                    e.firstReceiveAt = now;
                }
                e.visibleAt = now + visibilityMillis;
                out.add(new Message(e.id, e.body, e.sentAt, e.receiveCount, e.firstReceiveAt));
            }
        }
        if (journal != null && !out.isEmpty()) {
            journal.changed(out.stream().map(m -> saved(messages.get(m.id()))).toList());
        }
        return out;
    }

    /** Waits until at least {@code count} messages are visible or {@code millis} pass; returns how many are. */
    public synchronized int awaitVisible(int count, long millis) throws InterruptedException {
        long deadline = clock.millis() + millis;
        int visible;
        while ((visible = visible()) < count) {
            long left = Math.min(deadline - clock.millis(), nextVisibleIn());
            if (clock.millis() >= deadline) {
                break;
            }
            wait(Math.max(1, left));
        }
        return visible;
    }

    /** Processed: the message is gone. */
    public synchronized void delete(String id) {
        if (messages.remove(id) != null && journal != null) {
            journal.deleted(id);
            compactIfNeeded();
        }
        notifyAll();
    }

    /**
     * Not processed: visible again after {@code delayMillis}, or moved to the dead-letter queue once it has been
     * received {@code maxReceiveCount} times (SQS redrive policy).
     */
    public synchronized void release(String id, long delayMillis) {
        Entry e = messages.get(id);
        if (e == null) {
            return;
        }
        e.inFlight = false;
        if (deadLetter != null && maxReceiveCount > 0 && e.receiveCount >= maxReceiveCount) {
            deadLetter.send(e.body); // durable there first: a crash in between duplicates, never loses
            messages.remove(id);
            if (journal != null) {
                journal.deleted(id);
            }
        } else {
            e.visibleAt = clock.millis() + delayMillis;
            if (journal != null) {
                journal.changed(List.of(saved(e)));
            }
        }
        notifyAll();
    }

    /** Makes the in-flight receives of a stopping consumer visible again without counting them as failures. */
    public synchronized void returnInFlight() {
        List<QueueJournal.Saved> changed = new ArrayList<>();
        for (Entry e : messages.values()) {
            if (e.inFlight) {
                e.inFlight = false;
                e.receiveCount = Math.max(0, e.receiveCount - 1);
                e.visibleAt = clock.millis();
                changed.add(saved(e));
            }
        }
        if (journal != null && !changed.isEmpty()) {
            journal.changed(changed);
        }
        notifyAll();
    }

    public synchronized int visible() {
        long now = clock.millis();
        return (int) messages.values().stream().filter(e -> !e.inFlight && e.visibleAt <= now).count();
    }

    public synchronized int inFlight() {
        return (int) messages.values().stream().filter(e -> e.inFlight).count();
    }

    public synchronized int size() {
        return messages.size();
    }

    public synchronized List<String> bodies() {
        return messages.values().stream().map(e -> e.body).toList();
    }

    private long nextVisibleIn() {
        long now = clock.millis();
        return messages.values().stream().filter(e -> !e.inFlight).mapToLong(e -> e.visibleAt - now)
                .filter(d -> d > 0).min().orElse(Long.MAX_VALUE);
    }

    /** The messages as JSON, to keep them across a restart of the runtime (nothing is lost on Ctrl-C). */
    public synchronized ArrayNode snapshot() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        messages.values().forEach(e -> out.addObject().put("body", e.body).put("receiveCount", e.receiveCount));
        return out;
    }

    public synchronized void restore(ArrayNode saved) {
        saved.forEach(n -> add(n.path("body").asText(), n.path("receiveCount").asInt()));
    }
}
