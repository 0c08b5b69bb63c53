package io.cmautopilot.publish.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Link detection compared with the cases Bluesky's own client library links (the detectFacets rules of
 * {@code @atproto/api}, packages/api/src/rich-text/detection.ts): every URL with a scheme whatever its TLD, bare
 * domains with a real TLD, trailing punctuation and an unbalanced ')' left out, offsets in UTF-8 bytes.
 */
class FacetsTest {

    /** The facets' links as "uri@text-covered", the covered text cut from the UTF-8 bytes by the facet's offsets. */
    private static List<String> links(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (JsonNode f : Facets.of(text, h -> Optional.empty())) {
            JsonNode feature = f.path("features").get(0);
            if (feature.path("$type").asText().equals("app.bsky.richtext.facet#link")) {
                int start = f.path("index").path("byteStart").asInt();
                int end = f.path("index").path("byteEnd").asInt();
                out.add(feature.path("uri").asText() + "@" + new String(bytes, start, end - start, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void a_url_with_a_scheme_links_whatever_its_tld() {
        assertThat(links("Menu: https://acme.example")).containsExactly("https://acme.example@https://acme.example");
        assertThat(links("https://shop.acme.internal/a/b?c=1&d=2#x done"))
                .containsExactly("https://shop.acme.internal/a/b?c=1&d=2#x@https://shop.acme.internal/a/b?c=1&d=2#x");
        assertThat(links("http://localhost:8080/x")).containsExactly("http://localhost:8080/x@http://localhost:8080/x");
    }

    @Test
    void trailing_punctuation_and_an_unbalanced_parenthesis_stay_out_of_the_link() {
        assertThat(links("See https://acme.example/menu.")).containsExactly(
                "https://acme.example/menu@https://acme.example/menu");
        assertThat(links("Really? https://acme.example/faq?")).containsExactly(
                "https://acme.example/faq@https://acme.example/faq");
        assertThat(links("(see https://acme.example/menu)")).containsExactly(
                "https://acme.example/menu@https://acme.example/menu");
        assertThat(links("https://en.wikipedia.org/wiki/Pizza_(dish)")).containsExactly(
                "https://en.wikipedia.org/wiki/Pizza_(dish)@https://en.wikipedia.org/wiki/Pizza_(dish)");
        assertThat(links("two: https://a.example/1, https://b.example/2;")).containsExactly(
                "https://a.example/1@https://a.example/1", "https://b.example/2@https://b.example/2");
    }

    @Test
    void bare_domains_link_only_with_a_real_tld_and_get_https() {
        assertThat(links("visit acme.com/menu today")).containsExactly("https://acme.com/menu@acme.com/menu");
        assertThat(links("visit bsky.app!")).containsExactly("https://bsky.app@bsky.app");
        assertThat(links("not a link: acme.example or file.notatld")).isEmpty();
        assertThat(links("an email@acme.com is not a link here")).isEmpty();
    }

    @Test
    void offsets_are_utf8_bytes_after_accents_and_emoji() {
        String text = "Café 🍲 déjà vu → https://acme.example/menü";
        JsonNode link = Facets.of(text, h -> Optional.empty()).get(0);
        int start = text.getBytes(StandardCharsets.UTF_8).length - "https://acme.example/menü".getBytes(StandardCharsets.UTF_8).length;
        assertThat(link.path("index").path("byteStart").asInt()).isEqualTo(start);
        assertThat(link.path("index").path("byteEnd").asInt()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(links(text)).containsExactly("https://acme.example/menü@https://acme.example/menü");
    }

    @Test
    void mentions_and_hashtags_follow_the_same_rules() {
        JsonNode facets = Facets.of("hi @alice.bsky.social and @bob.test #Soupe, #2026 #🍲 x#no",
                h -> Optional.of("did:plc:" + h.replace('.', '-')));
        List<String> features = new ArrayList<>();
        facets.forEach(f -> features.add(f.path("features").get(0).path("$type").asText().replace("app.bsky.richtext.facet#", "")
                + ":" + f.path("features").get(0).path(f.path("features").get(0).has("did") ? "did" : "tag").asText()));
        assertThat(features).containsExactly("mention:did:plc:alice-bsky-social", "mention:did:plc:bob-test",
                "tag:Soupe", "tag:🍲");
    }
}
