package io.cmautopilot.intake;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * HMAC-SHA256 as the platforms use it, and a constant-time comparison of what a sender claims with what we compute
 * (a byte-by-byte early exit would let an attacker find a valid signature one byte at a time from response times).
 */
public final class Signatures {
    private Signatures() {
    }

    public static byte[] hmacSha256(String key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    public static String base64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** True when {@code claimed} equals {@code expected}; constant time in the length of {@code expected}. */
    public static boolean matches(String claimed, String expected) {
        if (claimed == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(utf8(claimed.trim()), utf8(expected));
    }
}
