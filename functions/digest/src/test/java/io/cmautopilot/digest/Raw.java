package io.cmautopilot.digest;

import java.nio.charset.StandardCharsets;

/** Reads the SES emulator's .eml export back into text. */
final class Raw {
    private Raw() {
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
