package io.cmautopilot.core.text;

import gg.jte.Content;
import gg.jte.html.HtmlTemplateOutput;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the precompiled jte templates (content type Html) write: the templates' own markup as is, every
 * {@code ${value}} through {@link Html#escape} for the context the template compiler saw it in. A URL attribute
 * ({@code href}, {@code src}, {@code action}) takes only an absolute http(s) link, a {@code cid:} reference or a
 * same-site path, anything else becomes {@code #}; a {@code style} attribute takes only a colour; an event handler
 * attribute, a {@code <script>} or a {@code <style>} never takes a value (a template doing that is a bug, so it
 * fails). There is no other way for a template to write user text.
 */
public final class HtmlOutput implements HtmlTemplateOutput {
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction", "background",
            "cite", "poster");
    private static final Pattern CID = Pattern.compile("cid:[A-Za-z0-9._@-]+");
    private static final Pattern SAME_SITE = Pattern.compile("/(?![/\\\\])[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*");
    private static final Pattern COLOUR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private final StringBuilder out;
    private String tag;
    private String attribute;

    public HtmlOutput() {
        this(new StringBuilder(4096));
    }

    public HtmlOutput(StringBuilder out) {
        this.out = out;
    }

    @Override
    public void setContext(String tagName, String attributeName) {
        this.tag = tagName == null ? null : tagName.toLowerCase(Locale.ROOT);
        this.attribute = attributeName == null ? null : attributeName.toLowerCase(Locale.ROOT);
    }

    @Override
    public void writeContent(String value) {
        out.append(value);
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        out.append(value, beginIndex, endIndex);
    }

    @Override
    public void writeUserContent(String value) {
        if (value == null) {
            return;
        }
        if ("script".equals(tag) || "style".equals(tag)) {
            throw new IllegalStateException("a template writes a value inside <" + tag + ">");
        }
        if (attribute == null) {
            out.append(Html.escape(value));
        } else if (attribute.startsWith("on")) {
            throw new IllegalStateException("a template writes a value into the event handler " + attribute);
        } else if (URL_ATTRIBUTES.contains(attribute)) {
            out.append(Html.escape(url(value)));
        } else if (attribute.equals("style")) {
            out.append(COLOUR.matcher(value).matches() ? value : "");
        } else {
            out.append(Html.escape(value));
        }
    }

    @Override
    public void writeUserContent(Content content) {
        if (content != null) {
            content.writeTo(this);
        }
    }

    @Override
    public void writeUserContent(int value) {
        out.append(value);
    }

    @Override
    public void writeUserContent(long value) {
        out.append(value);
    }

    /** An absolute http(s) link ({@link Html#safeLink}), a cid: reference or a same-site path; else {@code #}. */
    static String url(String value) {
        String link = Html.safeLink(value);
        if (link != null) {
            return link;
        }
        return CID.matcher(value).matches() || SAME_SITE.matcher(value).matches() ? value : "#";
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
