package io.cmautopilot.publish.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.PublishResult;
import io.cmautopilot.publish.reply.NetworkReplier;
import io.cmautopilot.publish.reply.ReplyRequest;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The local sink's replies: one JSON file per reply in {@code <CM_LOCAL_SINK_DIR>/replies}, named after the reply,
 * created only if absent, so sending the same reply twice cannot make a second file (the sink deduplicates).
 */
public final class LocalSinkReplies implements NetworkReplier {
    private final Path folder;
    private final Clock clock;

    public LocalSinkReplies(Path sinkFolder, Clock clock) {
        this.folder = sinkFolder.resolve("replies");
        this.clock = clock;
    }

    @Override
    public Network network() {
        return Network.LOCAL;
    }

    @Override
    public boolean deduplicates() {
        return true;
    }

    @Override
    public PublishResult reply(ReplyRequest request) {
        String id = request.reply().id();
        Path file = folder.resolve(id + ".json");
        ObjectNode doc = Json.object().put("id", id).put("brandId", request.reply().brandId())
                .put("commentId", request.comment().id()).put("inReplyTo", request.comment().externalId())
                .put("accountId", request.account().id()).put("handle", request.account().handle())
                .put("text", request.text()).put("publishedAt", clock.instant().toString());
        try {
            Files.createDirectories(folder);
            Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException alreadySent) {
            // an earlier attempt wrote it: same reply, same file
        } catch (IOException e) {
            return new PublishResult.Rejected("cannot write " + file + ": " + e.getMessage());
        }
        return new PublishResult.Published(id, file.toUri().toString());
    }

    @Override
    public PublishResult delete(Moderation request, String remoteId) {
        try {
            Files.deleteIfExists(folder.resolve(remoteId.replaceAll("[^A-Za-z0-9-]", "_") + ".json"));
            return new PublishResult.Published(remoteId, null);
        } catch (IOException e) {
            return new PublishResult.Rejected("cannot delete the reply file: " + e.getMessage());
        }
    }

    @Override
    public boolean canHide() {
        return true;
    }

    /** The sink's hidden comments are marker files in {@code <sink>/hidden}. */
    @Override
    public PublishResult hide(Moderation request, boolean hidden) {
        Path marker = folder.getParent().resolve("hidden")
                .resolve(request.comment().externalId().replaceAll("[^A-Za-z0-9-]", "_"));
        try {
            if (hidden) {
                Files.createDirectories(marker.getParent());
                Files.writeString(marker, clock.instant().toString());
            } else {
                Files.deleteIfExists(marker);
            }
            return new PublishResult.Published(request.comment().externalId(), null);
        } catch (IOException e) {
            return new PublishResult.Rejected("cannot write " + marker + ": " + e.getMessage());
        }
    }
}
