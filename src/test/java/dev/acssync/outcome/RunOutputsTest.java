package dev.acssync.outcome;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Output names fit the file system and stay unique. */
class RunOutputsTest {

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aNameThatFitsIsKept() {
        assertThat(RunOutputs.shorten("profiles.csv", RunOutputs.MAX_NAME_BYTES)).isEqualTo("profiles.csv");
        String exactly = "x".repeat(RunOutputs.MAX_NAME_BYTES);
        assertThat(RunOutputs.shorten(exactly, RunOutputs.MAX_NAME_BYTES)).isEqualTo(exactly);
    }

    @Test
    void aLongNameIsShortenedWithAHashSoThatEveryOutputFits() {
        String a = "a".repeat(250) + "-one.csv";
        String b = "a".repeat(250) + "-two.csv";
        String shortA = RunOutputs.shorten(a, RunOutputs.MAX_NAME_BYTES);
        assertThat(bytes(shortA + ".dead-letter.jsonl")).isLessThanOrEqualTo(255);
        assertThat(shortA).startsWith("aaaa").matches(".*~[0-9a-f]{8}");
        assertThat(RunOutputs.shorten(b, RunOutputs.MAX_NAME_BYTES)).isNotEqualTo(shortA);
    }

    @Test
    void multiByteCharactersAreNotCutInHalf() {
        String name = "ü".repeat(200) + ".csv"; // 404 bytes
        String shortened = RunOutputs.shorten(name, RunOutputs.MAX_NAME_BYTES);
        assertThat(bytes(shortened)).isLessThanOrEqualTo(RunOutputs.MAX_NAME_BYTES);
        assertThat(new String(shortened.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(shortened);
        assertThat(shortened).doesNotContain("\uFFFD");
    }

    @Test
    void controlCharactersBecomeUnderscores() {
        assertThat(RunOutputs.shorten("bad\nname\u001b.csv", 100)).isEqualTo("bad_name_.csv");
    }
}
