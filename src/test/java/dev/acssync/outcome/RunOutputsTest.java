package dev.acssync.outcome;

import dev.acssync.TestSettings;
import dev.acssync.source.SyncProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Output names fit the file system and stay unique; one run of a file at a time, across instances too. */
class RunOutputsTest {
    @TempDir
    Path data;

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

    @Test
    void aFileAnotherInstanceIsRunningWaitsUntilThatRunHasEnded() throws Exception {
        SyncProperties shipped = TestSettings.sync();
        SyncProperties sync = new SyncProperties(data, data.resolve("inbox"), data.resolve("processed"), data.resolve("failed"),
                data.resolve("reports"), data.resolve("dead-letter"), false, shipped.file(), shipped.earlyStop(), shipped.report(), shipped.minFreeSpaceMb());
        Files.createDirectories(sync.reportsDir());
        // two instances on one shared folder: each its own outputs, checkpoints and locks
        RunOutputs first = new RunOutputs(sync, new Checkpoints(sync, TestSettings.acs(), new OutputFailures(sync)), new RunLocks(sync), new OutputFailures(sync));
        RunOutputs second = new RunOutputs(sync, new Checkpoints(sync, TestSettings.acs(), new OutputFailures(sync)), new RunLocks(sync), new OutputFailures(sync));

        assertThat(first.claim(new RunReport("a.csv", "file", false))).isEqualTo("a.csv");
        assertThatThrownBy(() -> second.claim(new RunReport("a.csv", "file", false)))
                .isInstanceOf(RunElsewhereException.class)
                .hasMessage("a.csv: another instance is running this file (outputs a.csv); it stays in the inbox until that run has ended");
        assertThat(second.claim(new RunReport("b.csv", "file", false))).as("another file is not held up").isEqualTo("b.csv");

        // the first instance's run stopped (its report still RUNNING): the second takes the run over
        first.release("a.csv");
        assertThat(second.claim(new RunReport("a.csv", "file", false))).isEqualTo("a.csv");
        second.release("a.csv");
        assertThat(first.claim(new RunReport("a.csv", "file", false))).as("free again once released").isEqualTo("a.csv");
    }
}
