package io.cmautopilot.scoring.engine;

import java.util.Objects;

/** One text to score, with the language the platform reported ({@code null} or blank when it gave none). */
public record TextInput(String text, String language) {
    public TextInput {
        Objects.requireNonNull(text, "text");
        language = language == null || language.isBlank() ? null : language.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
