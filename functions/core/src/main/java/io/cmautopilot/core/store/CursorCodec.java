package io.cmautopilot.core.store;

import io.cmautopilot.core.config.Env;
import io.cmautopilot.core.crypto.Hmac;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The one cursor codec of every paged listing (docs/SECURITY.md, "Cursors"). A store hands out the position where a
 * page stopped ({@link Page#cursor()}, unsigned); the API seals it with the query it belongs to before a client sees
 * it, and opens what a client sends back before the store sees it:
 *
 * <pre>
 *   Scope scope = CursorCodec.scope("comments", brandId).with("network", "x").with("since", since);
 *   String token = codec.seal(scope, page.cursor());      // null stays null (last page)
 *   String inner = codec.open(scope, request.query("cursor")); // IllegalArgumentException unless sealed for scope
 * </pre>
 *
 * A token is {@code c1.<base64url(inner)>.<base64url(HMAC-SHA256(key, "cm-cursor-v1" LF scope LF inner))>}. The
 * scope names the listing, the brand and every filter of the query (not the page size), so a cursor is refused for
 * another brand, another listing or changed filters, and a client cannot write one. The MAC input starts with a
 * label no other signature of the suite uses, and the key signs nothing else, so no answer of another route can
 * serve as a cursor and no cursor as another route's signature.
 *
 * <p>The key comes from {@code CM_CURSOR_KEY} when set, else from the table itself (item {@code CONFIG#CURSORKEY}):
 * created once with a conditional put of 32 random bytes and read by every function instance, so cursors survive
 * cold starts and work across instances without another secret to deploy. It is read on first use only.
 */
public final class CursorCodec {
    /** Longest token accepted; DynamoDB keys of this table stay far below it. */
    public static final int MAX_TOKEN = 2048;
    private static final String LABEL = "cm-cursor-v1";
    private static final String VERSION = "c1";
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();
    private final Supplier<byte[]> key;

    /** {@code key} is read on first use and must be at least 16 bytes. */
    public CursorCodec(Supplier<byte[]> key) {
        this.key = key;
    }

    /** The codec of a function: {@code CM_CURSOR_KEY}, else the key kept in {@code table}. */
    public static CursorCodec forTable(Table table, Env env) {
        return new CursorCodec(memoized(() -> env.optional("CM_CURSOR_KEY")
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> tableKey(table))));
    }

    /**
     * A codec whose key lives in this instance only: for tests and single-process tools. A deployed function uses
     * {@link #forTable}, since cursors must open on any instance.
     */
    public static CursorCodec ephemeral() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new CursorCodec(() -> k);
    }

    /** What a cursor is bound to: a listing, a brand (or {@code "*"} for a listing above brands), the filters. */
    public static Scope scope(String listing, String brandId) {
        return new Scope(listing, brandId, new TreeMap<>());
    }

    public record Scope(String listing, String brandId, TreeMap<String, String> filters) {
        /** Adds a filter of the query; null values are recorded as absent, so "no filter" differs from any value. */
        public Scope with(String name, Object value) {
            TreeMap<String, String> next = new TreeMap<>(filters);
            next.put(name, value == null ? "\u0000" : value.toString());
            return new Scope(listing, brandId, next);
        }

        /** Unambiguous: every part is length-prefixed, so no two scopes have the same text. */
        String canonical() {
            StringBuilder out = new StringBuilder();
            part(out, listing);
            part(out, brandId);
            for (Map.Entry<String, String> f : filters.entrySet()) {
                part(out, f.getKey());
                part(out, f.getValue());
            }
            return out.toString();
        }

        private static void part(StringBuilder out, String s) {
            out.append(s.length()).append(':').append(s).append(';');
        }
    }

    /** The token a client may send back for the page after {@code inner}; null when there is no next page. */
    public String seal(Scope scope, String inner) {
        if (inner == null) {
            return null;
        }
        byte[] raw = inner.getBytes(StandardCharsets.UTF_8);
        return VERSION + "." + ENC.encodeToString(raw) + "." + ENC.encodeToString(mac(scope, raw));
    }

    /**
     * The store's cursor inside {@code token}, or null for no token. {@link IllegalArgumentException} (one message,
     * whatever failed) for anything not sealed by this codec for exactly this scope.
     */
    public String open(Scope scope, String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        IllegalArgumentException refused = new IllegalArgumentException("cursor is not one this API returned for this query");
        if (token.length() > MAX_TOKEN) {
            throw refused;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw refused;
        }
        byte[] raw;
        byte[] given;
        try {
            raw = DEC.decode(parts[1]);
            given = DEC.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw refused;
        }
        if (!Hmac.verify(mac(scope, raw), given)) {
            throw refused;
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    private byte[] mac(Scope scope, byte[] inner) {
        byte[] k = key.get();
        if (k == null || k.length < 16) {
            throw new IllegalStateException("the cursor key must be at least 16 bytes");
        }
        return Hmac.sha256(k, (LABEL + "\n" + scope.canonical() + "\n").getBytes(StandardCharsets.UTF_8), inner);
    }

    static final String KEY_PK = "CONFIG#CURSORKEY";

    /** Reads the table's cursor key, creating it once (the first writer wins; everyone then reads the winner's). */
    static byte[] tableKey(Table table) {
        var k = Table.key(KEY_PK, "CONFIG");
        for (int attempt = 0; attempt < 2; attempt++) {
            var item = table.client().getItem(GetItemRequest.builder().tableName(table.name()).key(k)
                    .consistentRead(true).build()).item();
            if (item != null && item.containsKey("key")) {
                return DEC.decode(item.get("key").s());
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                table.client().putItem(PutItemRequest.builder().tableName(table.name())
                        .item(new Table.Item().key(KEY_PK, "CONFIG").put("type", "config")
                                .put("key", ENC.encodeToString(fresh)).build())
                        .conditionExpression("attribute_not_exists(pk)").build());
                return fresh;
            } catch (ConditionalCheckFailedException e) {
                // another instance created it first: read theirs
            }
        }
        throw new IllegalStateException("cannot read or create the cursor key");
    }

    private static Supplier<byte[]> memoized(Supplier<byte[]> source) {
        return new Supplier<>() {
            private byte[] value;

            @Override
            public synchronized byte[] get() {
                if (value == null) {
                    value = source.get();
                }
                return Arrays.copyOf(value, value.length);
            }
        };
    }
}
