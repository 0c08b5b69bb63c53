package io.cmautopilot.core.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The one HMAC-SHA256 of the code base (RFC 2104 over SHA-256, checked against RFC 4231's vectors): webhook
 * signatures as the platforms compute them, the unsubscribe tokens, the signed cursors. Comparisons are constant time
 * in the length of what we expect (a byte-by-byte early exit would let an attacker find a valid signature one byte
 * at a time from response times).
 */
public final class Hmac {
    private static final String ALGORITHM = "HmacSHA256";

    private Hmac() {
    }

    /** HMAC-SHA256 of the concatenated {@code parts} under {@code key}. */
    public static byte[] sha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is unavailable", e);
        }
    }

    /** HMAC-SHA256 under a text key (its UTF-8 bytes), as the platforms' app secrets are used. */
    public static byte[] sha256(String key, byte[]... parts) {
        return sha256(utf8(key), parts);
    }

    /** Lower-case hex of HMAC-SHA256 of UTF-8 {@code data} under UTF-8 {@code key}. */
    public static String sha256Hex(String key, String data) {
        return hex(sha256(key, utf8(data)));
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

    /** True when the two MACs are equal; constant time in the length of {@code expected}. */
    public static boolean verify(byte[] expected, byte[] given) {
        return expected != null && given != null && MessageDigest.isEqual(expected, given);
    }

    /** True when the {@code claimed} text (trimmed) equals {@code expected}; constant time in its length. */
    public static boolean matches(String claimed, String expected) {
        if (claimed == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(utf8(claimed.trim()), utf8(expected));
    }
}
