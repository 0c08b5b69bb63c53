package io.cmautopilot.core.mail;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmailDataUriTest {
    @Test
    void everyReferencedPartBecomesADataUriAndTheRestIsUnchanged() {
        var chart = new Email.InlinePart("chart", "image/png", "chart.png", new byte[]{1, 2, 3});
        var logo = new Email.InlinePart("logo", "image/gif", null, new byte[]{(byte) 0xff});
        String html = "<p>a</p><img src=\"cid:chart\"><img src=\"cid:logo\"><img src=\"cid:other\">";
        assertThat(Email.withDataUris(html, List.of(chart, logo))).isEqualTo("<p>a</p>"
                + "<img src=\"data:image/png;base64,AQID\"><img src=\"data:image/gif;base64,/w==\"><img src=\"cid:other\">");
        assertThat(Email.withDataUris(html, List.of())).isEqualTo(html);
    }
}
