package dev.acssync.record;

import dev.acssync.TestSettings;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The readers on their own: CSV dialects, JSON arrays and lines, and what makes a file or a record unreadable. */
class RecordReaderTest {
    @TempDir
    Path dir;
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final RecordReader reader = new RecordReader(new RecordFieldNames(TestSettings.recordFields()), camel);

    @AfterEach
    void close() throws IOException {
        camel.close();
    }

    private List<SyncRecord> read(String name, byte[] content, String format) throws IOException {
        File file = Files.write(dir.resolve(name), content).toFile();
        List<SyncRecord> out = new ArrayList<>();
        Iterator<SyncRecord> records = reader.read(file, format, name);
        records.forEachRemaining(out::add);
        return out;
    }

    private List<SyncRecord> read(String name, String content, String format) throws IOException {
        return read(name, content.getBytes(StandardCharsets.UTF_8), format);
    }

    @Test
    void csvDetectsTheSemicolonAndTakesQuotedFieldsBomAndCrlf() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = ("\"Email\";orgUnit;comment\r\n\"a@example.com\";brand3;\"x; y\"\r\nb@example.com;spain;\"two\r\nlines\"\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, content, 0, 3);
        System.arraycopy(body, 0, content, 3, body.length);

        List<SyncRecord> records = read("s.csv", content, "csv");

        assertThat(records).extracting(SyncRecord::getEmail).containsExactly("a@example.com", "b@example.com");
        assertThat(records).extracting(SyncRecord::getOrgUnit).containsExactly("brand3", "spain");
        assertThat(records).extracting(SyncRecord::getLine).containsExactly(1L, 2L);
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsAnInvalidRecordNotAFailedFile() throws IOException {
        List<SyncRecord> records = read("f.csv", "email,orgUnit\na@example.com,brand1,extra\n", "csv");
        assertThat(records.get(0).getProblem()).isEqualTo("has 3 fields but the header has 2");
    }

    @Test
    void aBadHeaderFailsTheFileSayingWhy() {
        assertThatThrownBy(() -> read("h.csv", "email\torgUnit\nx\ty\n", "csv")).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("found: [email\torgUnit]");
        assertThatThrownBy(() -> read("d.csv", "email,ORGUNIT,orgUnit\nx,y,z\n", "csv"))
                .hasMessageContaining("'ORGUNIT' twice (columns 2 and 3)");
        assertThatThrownBy(() -> read("w.csv", "email," + "x".repeat(RecordReader.MAX_HEADER_CHARS) + "\n", "csv"))
                .hasMessageContaining("header line longer than " + RecordReader.MAX_HEADER_CHARS);
        assertThatThrownBy(() -> read("e.csv", "", "csv")).hasMessageContaining("empty file");
    }

    @Test
    void jsonRecordsWithDuplicateKeysAreInvalidAndTheOthersAreRead() throws IOException {
        List<SyncRecord> lines = read("l.jsonl", "{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"orgUnit\":\"u\"}\n\n"
                + "{\"email\":\"c@example.com\",\"orgUnit\":\"u\"}\n{broken\n", "json-lines");
        assertThat(lines).extracting(SyncRecord::getLine).containsExactly(1L, 3L, 4L);
        assertThat(lines.get(0).getProblem()).contains("has the key 'email' twice");
        assertThat(lines.get(1).getProblem()).isNull();
        assertThat(lines.get(2).getProblem()).contains("not valid JSON");

        List<SyncRecord> array = read("a.json", "[{\"pkey\":\"@a\",\"pkey\":\"@b\",\"orgUnit\":\"u\"}, 42, {\"email\":\"d@example.com\",\"orgUnit\":\"u\"}]",
                "json-array");
        assertThat(array).extracting(SyncRecord::getProblem).containsExactly(
                "has the key 'pkey' twice: which value is meant is a guess, so the record is not used", "is not a JSON object", null);
        assertThat(array.get(0).getRawText()).as("the original, both keys").contains("@a").contains("@b");
    }

    @Test
    void aBrokenJsonArrayFailsTheFileBeforeAnyRecordAndInvalidUtf8NamesThePosition() {
        assertThatThrownBy(() -> read("b.json", "[{\"email\":\"a@example.com\"},\n {\"email\": }]", "json-array"))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("line 2");
        byte[] latin1 = "email,orgUnit\na@example.com,u\nb@example.com,fran\u00e7e\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> read("x.csv", latin1, "csv")).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void aDeadLetterIsReadBackAsTheRecordItCarries() throws IOException {
        List<SyncRecord> replay = read("r.jsonl", "{\"source\":\"x.csv\",\"line\":4,\"record\":{\"email\":\"a@example.com\","
                + "\"orgUnit\":\"brand4\"},\"reason\":\"UNKNOWN_ORG_UNIT\"}\n", "json-lines");
        assertThat(replay.get(0).getEmail()).isEqualTo("a@example.com");
        assertThat(replay.get(0).getOrgUnit()).isEqualTo("brand4");
    }

    @Test
    void aJmsMessageIsOneObjectOrAnArray() {
        assertThat(reader.readJsonMessage("[{\"email\":\"a@example.com\",\"orgUnit\":\"u\"},{\"pkey\":\"@p\",\"orgUnit\":\"v\"}]", "jms:1"))
                .extracting(SyncRecord::getLine).containsExactly(1L, 2L);
        assertThat(reader.readJsonMessage("not json", "jms:2").get(0).getProblem()).contains("not valid JSON");
        assertThat(reader.readJsonMessage("[]", "jms:3").get(0).getProblem()).isEqualTo("is an empty array");
    }

    @Test
    void theReaderTellsItsRunHowFarItIsSkipsWhatWasDoneAndStopsWhenAsked() throws IOException {
        StringBuilder csv = new StringBuilder("email,orgUnit\n");
        for (int i = 1; i <= 10; i++) {
            csv.append("p").append(i).append("@example.com,brand1\n");
        }
        File file = Files.writeString(dir.resolve("p.csv"), csv).toFile();
        List<Long> handed = new ArrayList<>();
        long[] last = new long[3];
        ReadProgress run = new ReadProgress() {
            @Override
            public void recordRead(long line, long position, long bytes, long fileBytes) {
                handed.add(line);
                last[0] = position;
                last[1] = bytes;
                last[2] = fileBytes;
            }

            @Override
            public boolean skipIfDone(long line) {
                return line <= 3 || line == 5; // finished before a restart
            }

            @Override
            public boolean stopReading() {
                return handed.size() == 4; // stopped early after four
            }
        };

        List<SyncRecord> records = new ArrayList<>();
        reader.read(file, "csv", "p.csv", run).forEachRemaining(records::add);

        assertThat(records).extracting(SyncRecord::getLine).containsExactly(4L, 6L, 7L, 8L);
        assertThat(handed).containsExactly(4L, 6L, 7L, 8L);
        assertThat(last[0]).as("records passed, the skipped ones included").isEqualTo(8);
        assertThat(last[1]).as("where the parser is, at most the whole file").isPositive().isLessThanOrEqualTo(file.length());
        assertThat(last[2]).isEqualTo(file.length());
    }

    @Test
    void halfWayThroughAFileSmallerThanTheReadBufferTheRecordsItHoldsAreEstimatedWithinTenPercent() throws IOException {
        for (String format : new String[] {"csv", "json-lines", "json-array"}) {
            StringBuilder text = new StringBuilder(format.equals("csv") ? "email,orgUnit\n" : format.equals("json-array") ? "[" : "");
            for (int i = 1; i <= 3000; i++) {
                String email = "person" + i + "@example.com";
                text.append(switch (format) {
                    case "csv" -> email + ",brand" + (i % 7) + "\n";
                    case "json-lines" -> "{\"email\":\"" + email + "\",\"orgUnit\":\"Région " + (i % 7) + "\"}\n";
                    default -> (i > 1 ? "," : "") + "{\"email\":\"" + email + "\",\"orgUnit\":\"brand" + (i % 7) + "\"}";
                });
            }
            if (format.equals("json-array")) {
                text.append("]");
            }
            File file = Files.writeString(dir.resolve("half." + format), text).toFile();
            long[] estimate = new long[2];
            ReadProgress run = new ReadProgress() {
                @Override
                public void recordRead(long line, long position, long bytes, long fileBytes) {
                    if (position == 1500) {
                        estimate[0] = Math.round(position * (double) fileBytes / bytes);
                    }
                }

                @Override
                public void endOfFile(long records) {
                    estimate[1] = records;
                }

                @Override
                public boolean skipIfDone(long line) {
                    return false;
                }

                @Override
                public boolean stopReading() {
                    return false;
                }
            };
            reader.read(file, format, file.getName(), run).forEachRemaining(r -> { });
            assertThat(estimate[0]).as(format + ": estimated at half-way").isBetween(2700L, 3300L);
            assertThat(estimate[1]).as(format + ": counted at the end").isEqualTo(3000);
        }
    }
}
