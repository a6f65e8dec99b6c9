package dev.acssync.source;

import dev.acssync.TestSettings;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The SFTP source's shipped file pattern takes every format the service reads, whatever the extension's case. */
class ShippedFilePatternTest {

    @Test
    void everyReadFormatIsTakenAndNothingElse() {
        Pattern shipped = Pattern.compile(TestSettings.shipped().get("sync.sftp.file-pattern"));

        for (String name : new String[] {"a.csv", "b.tsv", "c.txt", "d.xlsx", "e.json", "f.jsonl", "g.ndjson", "EXPORT.CSV", "h.XLSX"}) {
            assertThat(shipped.matcher(name).matches()).as(name).isTrue();
        }
        for (String name : new String[] {"a.xls", "b.ods", "c.csv.part", ".d.csv.tmp", "readme.md"}) {
            assertThat(shipped.matcher(name).matches()).as(name).isFalse();
        }
    }
}
