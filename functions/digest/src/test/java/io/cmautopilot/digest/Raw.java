package io.cmautopilot.digest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads the HTML part back out of the raw MIME the mailer sent (base64 body, as core Mime writes it). */
final class Raw {
    private Raw() {
    }

    static String html(String raw) {
        String marker = "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        int start = raw.indexOf(marker);
        if (start < 0) {
            throw new AssertionError("no base64 text/html part in the message");
        }
        start += marker.length();
        int end = raw.indexOf("\r\n--", start);
        return new String(Base64.getMimeDecoder().decode(raw.substring(start, end)), StandardCharsets.UTF_8);
    }

    /** The emulator's /get-emlContent answer is JSON with the .eml as a Node Buffer ({@code body.data}: bytes). */
    static String emlExport(String json) {
        var data = io.cmautopilot.core.json.Json.tree(json).path("body").path("data");
        byte[] bytes = new byte[data.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) data.get(i).asInt();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
