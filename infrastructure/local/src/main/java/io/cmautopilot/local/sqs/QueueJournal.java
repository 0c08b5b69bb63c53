package io.cmautopilot.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The append-only file that keeps one local queue across crashes: one JSON object per line, {@code S} (a message
 * sent, fsync'd before the send returns), {@code C} (its receive count and visibility changed) and {@code D} (it was
 * deleted). Reading it back replays the lines; a last line cut short by a kill is ignored (its send never returned).
 * The file is rewritten with only the live messages at every start and whenever it holds far more lines than
 * messages, through a temporary file, fsync and an atomic rename, so a crash during compaction leaves either the
 * old file or the new one.
 * <p>
 * Only sends are fsync'd: that is what a sender is promised. Receive, release and delete lines are written to the
 * file but not forced to the disk, which survives a killed process (the kernel has them) but not a power cut; after
 * one, a message may come back once more, which SQS allows too (at-least-once delivery).
 */
final class QueueJournal {
    /** Compact once the file holds this many lines and more than four per live message. */
    static final int COMPACT_AFTER = 10_000;

    private final Path file;
    private FileChannel channel;
    private int lines;

    /** A message as the journal knows it. */
    record Saved(String id, String body, long sentAt, int receiveCount, long firstReceiveAt, long visibleAt) {
    }

    private QueueJournal(Path file) {
        this.file = file;
    }

    /** The live messages in the journal, in the order they were sent; empty when there is none. */
    static List<Saved> load(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> all;
        try {
            all = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the queue journal " + file, e);
        }
        Map<String, Saved> live = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = Json.tree(line);
            } catch (RuntimeException torn) {
                if (i == all.size() - 1) {
                    break; // the last write was cut short by a kill: that send never returned
                }
                throw new IllegalStateException("the queue journal " + file + " is damaged at line " + (i + 1));
            }
            String id = n.path("id").asText();
            switch (n.path("op").asText()) {
                case "S" -> live.put(id, new Saved(id, n.path("body").asText(), n.path("sentAt").asLong(),
                        n.path("n").asInt(), n.path("first").asLong(), n.path("visibleAt").asLong()));
                case "C" -> live.computeIfPresent(id, (k, m) -> new Saved(k, m.body(), m.sentAt(), n.path("n").asInt(),
                        n.path("first").asLong(), n.path("visibleAt").asLong()));
                case "D" -> live.remove(id);
                default -> throw new IllegalStateException("the queue journal " + file + " has an unknown line "
                        + (i + 1));
            }
        }
        return new ArrayList<>(live.values());
    }

    /** Rewrites the journal with {@code live} and opens it for appending. */
    static QueueJournal open(Path file, List<Saved> live) {
        QueueJournal j = new QueueJournal(file);
        j.compact(live);
        return j;
    }

    synchronized void sent(Saved m) {
        append(sendLine(m), true);
    }

    synchronized void changed(List<Saved> ms) {
        StringBuilder b = new StringBuilder();
        for (Saved m : ms) {
            b.append(Json.write(Json.object().put("op", "C").put("id", m.id()).put("n", m.receiveCount())
                    .put("first", m.firstReceiveAt()).put("visibleAt", m.visibleAt()))).append('\n');
        }
        append(b.toString(), false);
        lines += ms.size() - 1;
    }

    synchronized void deleted(String id) {
        append(Json.write(Json.object().put("op", "D").put("id", id)) + "\n", false);
    }

    boolean needsCompaction(int live) {
        return lines > COMPACT_AFTER && lines > 4 * live;
    }

    /** Replaces the file with one line per live message (temporary file, fsync, atomic rename, fsync of the folder). */
    synchronized void compact(List<Saved> live) {
        try {
            closeChannel();
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                StringBuilder b = new StringBuilder();
                for (Saved m : live) {
                    b.append(sendLine(m));
                }
                write(out, b.toString());
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            lines = live.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the queue journal " + file, e);
        }
    }

    synchronized void close() {
        try {
            if (channel != null) {
                channel.force(true);
            }
            closeChannel();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the queue journal " + file, e);
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private static String sendLine(Saved m) {
        ObjectNode n = Json.object().put("op", "S").put("id", m.id()).put("body", m.body()).put("sentAt", m.sentAt())
                .put("n", m.receiveCount()).put("first", m.firstReceiveAt()).put("visibleAt", m.visibleAt());
        return Json.write(n) + "\n";
    }

    private void append(String text, boolean force) {
        if (channel == null) {
            throw new IllegalStateException("the queue journal " + file + " is closed");
        }
        try {
            write(channel, text);
            if (force) {
                channel.force(false);
            }
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the queue journal " + file, e);
        }
    }

    private static void write(FileChannel channel, String text) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every file system lets a folder be synced; the rename itself is atomic
        }
    }
}
