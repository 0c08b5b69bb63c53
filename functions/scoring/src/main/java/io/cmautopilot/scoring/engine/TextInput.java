package io.cmautopilot.scoring.engine;

import java.util.Locale;
import java.util.Objects;

/**
 * One text to score, with the language the platform reported ({@code null} when it gave none) and the brand's
 * language as a hint for engines that guess ({@code null} when unknown): a short "top !" on a French brand's page is
 * French.
 */
public record TextInput(String text, String language, String languageHint) {
    public TextInput {
        Objects.requireNonNull(text, "text");
        language = normalise(language);
        languageHint = normalise(languageHint);
    }

    public TextInput(String text, String language) {
        this(text, language, null);
    }

    private static String normalise(String language) {
        return language == null || language.isBlank() ? null : language.trim().toLowerCase(Locale.ROOT);
    }
}
