package io.cmautopilot.core.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {
    @Test
    void markup_characters_become_entities() {
        assertThat(Html.escape("<a href=\"x\" onclick='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void every_bidirectional_embedding_override_and_isolate_is_removed() {
        // "Refund \u202Egnp.exe" would be drawn as "Refund exe.png"; an unterminated isolate would swallow what follows
        String hostile = "Refund \u202Egnp.exe \u202A\u202B\u202C\u202D \u2066\u2067\u2068\u2069 done";

        assertThat(Html.escape(hostile)).isEqualTo("Refund gnp.exe   done");
        assertThat(Html.stripBidiControls(hostile)).isEqualTo("Refund gnp.exe   done");
        for (char c = '\u2000'; c < '\u2100'; c++) {
            boolean control = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            assertThat(Html.escape("a" + c + "b")).as("U+%04X", (int) c).hasSize(control ? 2 : 3);
        }
    }

    @Test
    void right_to_left_text_and_its_direction_marks_are_kept() {
        String hebrew = "\u05E9\u05DC\u05D5\u05DD\u200F! \u0645\u0631\u062D\u0628\u0627\u061C \u200Eok";

        assertThat(Html.escape(hebrew)).isEqualTo(hebrew);
        assertThat(Html.stripBidiControls(hebrew)).isSameAs(hebrew);
    }
}
