package io.cmautopilot.core.mail;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An e-mail to send: HTML and plain-text alternatives, extra headers (List-Unsubscribe...), and inline parts
 * referenced from the HTML by Content-ID (the digest chart). Header values are checked for CR/LF at build time so
 * user text can never inject a header.
 */
public record Email(String from, List<String> to, String subject, String html, String text,
                    Map<String, String> headers, List<InlinePart> inline) {

    public record InlinePart(String contentId, String contentType, String fileName, byte[] bytes) {
        public InlinePart {
            Email.checkHeader("contentId", contentId);
            Email.checkHeader("contentType", contentType);
            Email.checkHeader("fileName", fileName);
        }

        /** The part as a {@code data:} URI, for a browser. */
        public String dataUri() {
            return "data:" + contentType + ";base64," + java.util.Base64.getEncoder().encodeToString(bytes);
        }
    }

    /**
     * {@code html} as a browser can show it: a browser cannot resolve a mail's {@code cid:} references (they name
     * MIME parts, RFC 2392), so each part referenced is put in as a {@code data:} URI; the HTML is otherwise unchanged.
     * Used by the digest preview and the local outboxes.
     */
    public static String withDataUris(String html, List<InlinePart> parts) {
        String out = html;
        for (InlinePart part : parts) {
            out = out.replace("cid:" + part.contentId(), part.dataUri());
        }
        return out;
    }

    public Email {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        to = List.copyOf(to);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        inline = inline == null ? List.of() : List.copyOf(inline);
        checkHeader("from", from);
        checkHeader("subject", subject);
        to.forEach(t -> checkHeader("to", t));
        headers.forEach((k, v) -> {
            checkHeader("header name", k);
            checkHeader(k, v);
        });
        if (html == null && text == null) {
            throw new IllegalArgumentException("an e-mail needs an HTML or a text body");
        }
    }

    static void checkHeader(String what, String value) {
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException(what + " must not contain CR or LF");
        }
    }
}
