package io.cmautopilot.publish.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The local runtime's network ({@link Network#LOCAL}): each post becomes a JSON file in the folder named by
 * {@code CM_LOCAL_SINK_DIR}, named after the target so that publishing the same target twice cannot create a second
 * file (the sink deduplicates, like Mastodon's idempotency key). The remote URL is the file's {@code file:} URL.
 */
public final class LocalSinkPublisher implements NetworkPublisher {
    private final Path folder;
    private final Clock clock;

    public LocalSinkPublisher(Path folder, Clock clock) {
        this.folder = folder;
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
    public PublishResult publish(PublishRequest request) {
        String id = request.target().postId() + "-" + request.target().accountId();
        Path file = folder.resolve(id + ".json");
        ObjectNode doc = Json.object().put("id", id).put("brandId", request.target().brandId())
                .put("postId", request.target().postId()).put("accountId", request.target().accountId())
                .put("handle", request.account().handle()).put("publishedAt", clock.instant().toString());
        ArrayNode parts = doc.putArray("parts");
        request.parts().forEach(parts::add);
        ArrayNode media = doc.putArray("media");
        request.media().forEach(m -> media.addObject().put("url", m.url()).put("altText", m.altText()));
        try {
            Files.createDirectories(folder);
            Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException alreadyPublished) {
            // an earlier attempt wrote it: same target, same file
        } catch (IOException e) {
            return new PublishResult.Rejected("cannot write " + file + ": " + e.getMessage());
        }
        return new PublishResult.Published(id, file.toUri().toString());
    }

    @Override
    public boolean supportsReplies() {
        return true;
    }

    /**
     * A reply (a first comment) becomes a file named after its idempotency key, so the same reply twice is one file:
     * {@code reply-<key>.json} with the parent's id and the text.
     */
    @Override
    public PublishResult reply(io.cmautopilot.publish.ReplyRequest request) {
        String id = "reply-" + request.idempotencyKey().replaceAll("[^A-Za-z0-9_-]", "_");
        Path file = folder.resolve(id + ".json");
        ObjectNode doc = Json.object().put("id", id).put("brandId", request.account().brandId())
                .put("accountId", request.account().id()).put("handle", request.account().handle())
                .put("inReplyTo", request.parentRemoteId()).put("text", request.text())
                .put("publishedAt", clock.instant().toString());
        try {
            Files.createDirectories(folder);
            Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException alreadyPublished) {
            // the same reply, already written
        } catch (IOException e) {
            return new PublishResult.Rejected("cannot write " + file + ": " + e.getMessage());
        }
        return new PublishResult.Published(id, file.toUri().toString());
    }
}
