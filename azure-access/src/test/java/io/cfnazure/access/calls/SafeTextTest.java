package io.cfnazure.access.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void aHugeValueIsShortenedAndItsLengthSaid() {
        final String shown = SafeText.of("https://a.blob.core.windows.net/" + "x".repeat(100_000));

        assertThat(shown).hasSizeLessThan(SafeText.MAX_LENGTH + 40).endsWith("...(100032 characters)");
    }

    @Test
    void lineBreaksCannotForgeLogLines() {
        assertThat(SafeText.of("name\nFAILED InvalidCredentials\r\u2028x")).isEqualTo("name?FAILED InvalidCredentials??x");
        assertThat(SafeText.oneLine("Created container a\nSECRET=1")).doesNotContain("\n").contains("a?SECRET");
    }

    @Test
    void shortValuesStayAsTheyAre() {
        assertThat(SafeText.of("mystorage01")).isEqualTo("mystorage01");
        assertThat(SafeText.of(null)).isEqualTo("null");
    }

    @Test
    void aServicesCodeAndWordsEndOurSentenceOnceOrNotAtAll() {
        assertThat(SafeText.words(403, "AuthorizationFailure")).isEqualTo("403 AuthorizationFailure");
        assertThat(SafeText.words(403, "", null)).isEqualTo("403");
        assertThat(SafeText.saying("The lease is held. ")).isEqualTo(": The lease is held");
        assertThat(SafeText.saying(" ... ")).isEmpty();
        assertThat(SafeText.saying(null)).isEmpty();
        assertThat(SafeText.saying("line\nbreak")).isEqualTo(": line?break");
    }
}
