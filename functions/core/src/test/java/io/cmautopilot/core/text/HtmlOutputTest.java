package io.cmautopilot.core.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a precompiled template gets when it writes a value: the calls below are the ones jte generates. */
class HtmlOutputTest {
    private static String write(String tag, String attribute, String value) {
        HtmlOutput out = new HtmlOutput();
        out.setContext(tag, attribute);
        out.writeUserContent(value);
        return out.toString();
    }

    @Test
    void text_and_plain_attributes_are_escaped_without_bidirectional_controls() {
        assertThat(write("td", null, "<a href='x'>\"&\u202E")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&quot;&amp;");
        assertThat(write("img", "alt", "\"><svg onload=alert(1)>")).isEqualTo("&quot;&gt;&lt;svg onload=alert(1)&gt;");
        assertThat(write("td", null, null)).isEmpty();
    }

    @Test
    void link_attributes_take_http_links_cid_references_and_same_site_paths_only() {
        assertThat(write("a", "href", "https://x.example/p?q=1&r=2")).isEqualTo("https://x.example/p?q=1&amp;r=2");
        assertThat(write("img", "src", "cid:trend@cm-autopilot")).isEqualTo("cid:trend@cm-autopilot");
        assertThat(write("form", "action", "/unsubscribe?token=abc.def")).isEqualTo("/unsubscribe?token=abc.def");
        for (String hostile : new String[]{"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>",
                "//evil.example/x", "/\\evil.example", "https://x.example/a\r\nb", "vbscript:x", "https:///nohost"}) {
            assertThat(write("a", "href", hostile)).as(hostile).isEqualTo("#");
        }
    }

    @Test
    void a_style_attribute_takes_a_colour_and_nothing_else() {
        assertThat(write("span", "style", "#fde2e2")).isEqualTo("#fde2e2");
        assertThat(write("span", "style", "red;background:url(https://evil.example)")).isEmpty();
        assertThat(write("span", "style", "expression(alert(1))")).isEmpty();
    }

    @Test
    void a_value_in_a_script_a_style_element_or_an_event_handler_is_a_template_bug() {
        assertThatThrownBy(() -> write("script", null, "x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> write("style", null, "x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> write("a", "onclick", "x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void plain_text_is_one_line_and_clipped() {
        assertThat(PlainText.oneLine("Eve\r\nBcc: x\u2028y\t z\u202E")).isEqualTo("Eve Bcc: x y z");
        assertThat(PlainText.clip("abcdef", 4)).isEqualTo("abc…");
        assertThat(Html.safeLink("https://x.example/p?q=1")).isEqualTo("https://x.example/p?q=1");
        assertThat(Html.safeLink(" javascript:alert(1)")).isNull();
    }
}
