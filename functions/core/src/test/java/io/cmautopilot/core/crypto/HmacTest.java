package io.cmautopilot.core.crypto;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 4231 section 4 test vectors for HMAC-SHA-256, and the constant-time comparisons. */
class HmacTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void rfc4231TestCase1() {
        assertThat(Hmac.hex(Hmac.sha256(hex("0b".repeat(20)), Hmac.utf8("Hi There"))))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }

    @Test
    void rfc4231TestCase2TextKeyAndPartsConcatenate() {
        String expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assertThat(Hmac.sha256Hex("Jefe", "what do ya want for nothing?")).isEqualTo(expected);
        assertThat(Hmac.hex(Hmac.sha256("Jefe", Hmac.utf8("what do ya "), Hmac.utf8("want for nothing?"))))
                .isEqualTo(expected);
    }

    @Test
    void rfc4231TestCase3() {
        assertThat(Hmac.hex(Hmac.sha256(hex("aa".repeat(20)), hex("dd".repeat(50)))))
                .isEqualTo("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    }

    @Test
    void rfc4231TestCase6KeyLongerThanTheBlock() {
        assertThat(Hmac.hex(Hmac.sha256(hex("aa".repeat(131)),
                Hmac.utf8("Test Using Larger Than Block-Size Key - Hash Key First"))))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void base64IsTheStandardAlphabetWithPadding() {
        assertThat(Hmac.base64(hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")))
                .isEqualTo("sDRMYdjbOFNcqK/OrwvxK4gdwgDJgz2nJuk3bC4yz/c=");
    }

    @Test
    void verifyAndMatchesCompareWholeValues() {
        byte[] mac = Hmac.sha256("k", Hmac.utf8("data"));
        assertThat(Hmac.verify(mac, mac.clone())).isTrue();
        byte[] other = mac.clone();
        other[other.length - 1] ^= 1;
        assertThat(Hmac.verify(mac, other)).isFalse();
        assertThat(Hmac.verify(mac, null)).isFalse();
        assertThat(Hmac.matches(" abc ", "abc")).isTrue();
        assertThat(Hmac.matches("abd", "abc")).isFalse();
        assertThat(Hmac.matches(null, "abc")).isFalse();
    }
}
