package dev.acssync.record;

import dev.acssync.TestSettings;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
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
    private final RecordReader reader = reader(TestSettings.recordFields().charset());

    private RecordReader reader(Charset charset) {
        RecordProperties shipped = TestSettings.recordFields();
        return new RecordReader(new RecordFieldNames(shipped), new RecordProperties(shipped.emailField(), shipped.pkeyField(),
                shipped.orgUnitField(), shipped.customKeyField(), charset, shipped.xlsxSheet()), camel);
    }

    @AfterEach
    void close() throws IOException {
        camel.close();
    }

    private List<SyncRecord> read(String name, byte[] content, String format) throws IOException {
        return read(reader, name, content, format);
    }

    private List<SyncRecord> read(RecordReader reader, String name, byte[] content, String format) throws IOException {
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
        assertThatThrownBy(() -> read("h.csv", "email;unit\nx;y\n", "csv")).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("(delimiter ';'); found: [email, unit]");
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
        assertThatThrownBy(() -> read("x.csv", latin1, "csv")).hasMessageContaining("not valid UTF-8 text on line 3");
    }

    /** What Excel's plain "CSV (semicolon)" writes on a French Windows: windows-1252, CRLF, accented header. */
    private static final byte[] FRENCH_EXCEL = ("Pr\u00e9nom;Nom;email;orgUnit\r\nFran\u00e7oise;M\u00fcller;f@example.com;"
            + "r\u00e9gion-\u00eele\r\n").getBytes(java.nio.charset.Charset.forName("windows-1252"));

    @Test
    void windows1252FailsAsAWholeByDefaultNamingTheLineTheCharsetAndTheSettingThenReadsOnceSet() throws IOException {
        assertThatThrownBy(() -> read("fr.csv", FRENCH_EXCEL, "csv")).isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("fr.csv: is not valid UTF-8 text on line 1")
                .hasMessageContaining("set sync.record.charset to the encoding it was saved in");

        List<SyncRecord> records = read(reader(java.nio.charset.Charset.forName("windows-1252")), "fr.csv", FRENCH_EXCEL, "csv");

        assertThat(records).hasSize(1);
        assertThat(records.get(0).getOrgUnit()).isEqualTo("r\u00e9gion-\u00eele");
        assertThat(records.get(0).getProblem()).isNull();
    }

    @Test
    void aByteOrderMarkDecidesWhateverTheSetting() throws IOException {
        String text = "email\torgUnit\r\nz\u00e9@example.com\tbrand1\r\n";
        byte[] le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        byte[] be = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE));
        byte[] utf8 = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8));
        RecordReader windows = reader(java.nio.charset.Charset.forName("windows-1252"));

        for (byte[] content : List.of(le, be, utf8)) {
            assertThat(read(windows, "u.txt", content, "tsv")).extracting(SyncRecord::getEmail).containsExactly("z\u00e9@example.com");
        }
        // Notepad's "Unicode" without its mark is not guessed
        assertThatThrownBy(() -> read("nomark.csv", "email,orgUnit\r\na@example.com,brand1\r\n".getBytes(StandardCharsets.UTF_16LE),
                "csv")).hasMessageContaining("looks like UTF-16 text without a byte-order mark");
    }

    @Test
    void excelsSepLineSetsTheDelimiterAndIsNoHeader() throws IOException {
        byte[] content = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "sep=;\r\nemail;orgUnit;note\r\na@example.com;brand1;x,y\r\n".getBytes(StandardCharsets.UTF_8));

        List<SyncRecord> records = read("sep.csv", content, "csv");

        assertThat(records).extracting(SyncRecord::getEmail).containsExactly("a@example.com");
        assertThat(records.get(0).getFields()).containsEntry("note", "x,y");
        assertThat(records.get(0).getLine()).as("the data row, as without the hint").isEqualTo(1);
        // the hint wins over the header's own count
        assertThat(read("sep2.csv", "sep=,\nemail,orgUnit,note\na@example.com,brand1,x;y;z\n", "csv"))
                .extracting(SyncRecord::getOrgUnit).containsExactly("brand1");
    }

    @Test
    void theDelimiterIsChosenByRule() {
        assertThat(RecordReader.delimiterOf("email,orgUnit")).isEqualTo(',');
        assertThat(RecordReader.delimiterOf("email;orgUnit;\"a,b,c\"")).as("quoted ones do not count").isEqualTo(';');
        assertThat(RecordReader.delimiterOf("email\torgUnit\tx,y")).isEqualTo('\t');
        assertThat(RecordReader.delimiterOf("email;orgUnit,x")).as("a tie goes to ','").isEqualTo(',');
        assertThat(RecordReader.delimiterOf("email")).isEqualTo(',');
    }

    @Test
    void aTsvIsReadWithATabWhateverItsHeaderHolds() throws IOException {
        List<SyncRecord> records = read("t.tsv", "email\torgUnit\tnote, more; still\na@example.com\tbrand1\tx, y\n", "tsv");
        assertThat(records).extracting(SyncRecord::getOrgUnit).containsExactly("brand1");
        assertThatThrownBy(() -> read("t2.tsv", "email\torgUnit\temail\na\tb\tc\n", "tsv"))
                .hasMessageContaining("'email' twice (columns 1 and 3)");
    }

    @Test
    void aWorkbooksFirstSheetIsReadLikeACsvWithValuesAsTyped() throws IOException {
        byte[] xlsx = Workbooks.of("Export", new Object[] {"email", "orgUnit", "crmId", "note"},
                new Object[] {"a@example.com", "brand1", 10000002, "x"},
                new Object[] {"b@example.com", "=\"brand\"&(1+1)", 1.0E7, null},
                new Object[] {null, null, null, null},
                new Object[] {"c@example.com", " brand3 ", 2.5, "y", "beyond"},
                new Object[] {},
                new Object[] {null, null});

        List<SyncRecord> records = read("w.xlsx", xlsx, "xlsx");

        assertThat(records).extracting(SyncRecord::getEmail).containsExactly("a@example.com", "b@example.com", "c@example.com");
        assertThat(records).extracting(SyncRecord::getLine).as("Excel's row numbers").containsExactly(2L, 3L, 5L);
        assertThat(records.get(0).getFields()).containsEntry("crmId", "10000002").containsEntry("note", "x");
        assertThat(records.get(1).getOrgUnit()).as("the formula's value").isEqualTo("brand2");
        assertThat(records.get(1).getFields()).containsEntry("crmId", "10000000").containsEntry("note", "");
        assertThat(records.get(2).getOrgUnit()).isEqualTo("brand3");
        assertThat(records.get(2).getFields()).containsEntry("crmId", "2.5");
        assertThat(records.get(2).getProblem()).isEqualTo("has a value in column 5, beyond the header's 4");
        assertThat(records.get(0).getProblem()).isNull();
    }

    @Test
    void aConfiguredSheetIsReadAndAMissingOneNamesTheSheets() throws IOException {
        byte[] xlsx = Workbooks.of("Export", new Object[] {"email", "orgUnit"}, new Object[] {"a@example.com", "brand1"});
        RecordProperties shipped = TestSettings.recordFields();
        RecordReader notes = new RecordReader(new RecordFieldNames(shipped), new RecordProperties(shipped.emailField(),
                shipped.pkeyField(), shipped.orgUnitField(), shipped.customKeyField(), shipped.charset(), "Notes"), camel);
        RecordReader missing = new RecordReader(new RecordFieldNames(shipped), new RecordProperties(shipped.emailField(),
                shipped.pkeyField(), shipped.orgUnitField(), shipped.customKeyField(), shipped.charset(), "Sheet9"), camel);

        assertThatThrownBy(() -> read(notes, "n.xlsx", xlsx, "xlsx")).hasMessageContaining("sheet 'Notes', row 1); found: [not the records]");
        assertThatThrownBy(() -> read(missing, "m.xlsx", xlsx, "xlsx"))
                .hasMessage("m.xlsx: has no sheet 'Sheet9' (sync.record.xlsx-sheet); its sheets: [Export, Notes]");
        assertThatThrownBy(() -> read("d.xlsx", Workbooks.of("S", new Object[] {"email", "orgUnit", "Email"}), "xlsx"))
                .hasMessageContaining("'email' twice (columns 1 and 3)");
    }

    @Test
    void aWorkbookThatIsNoneOrIsLockedOrHostileFailsAsAWholeSayingWhy() throws Exception {
        assertThatThrownBy(() -> read("c.xlsx", "email,orgUnit\na@example.com,brand1\n".getBytes(StandardCharsets.UTF_8), "xlsx"))
                .isInstanceOf(UnreadableFileException.class).hasMessageStartingWith("c.xlsx: is not an .xlsx workbook");
        byte[] good = Workbooks.of("S", new Object[] {"email", "orgUnit"}, new Object[] {"a@example.com", "brand1"});
        byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
        assertThatThrownBy(() -> read("cut.xlsx", cut, "xlsx")).isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("cut.xlsx: ");

        assertThatThrownBy(() -> read("locked.xlsx", Workbooks.encrypted(good, "secret"), "xlsx"))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("locked.xlsx: is password-protected (or an Excel 97-2003 workbook renamed): save it without a "
                        + "password, as .xlsx or CSV UTF-8");

        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-VALUE");
        assertThatThrownBy(() -> read("xxe.xlsx", Workbooks.withSheetXml(good, "<?xml version=\"1.0\"?><!DOCTYPE w ["
                + "<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]><worksheet xmlns=\"http://schemas.openxmlformats.org/"
                + "spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>email</t></is></c>"
                + "<c r=\"B1\" t=\"inlineStr\"><is><t>orgUnit</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\">"
                + "<is><t>&xxe;</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>brand1</t></is></c></row></sheetData>"
                + "</worksheet>"), "xlsx"))
                .isInstanceOf(UnreadableFileException.class).hasMessageNotContaining("TOP-SECRET-VALUE")
                .hasMessageContaining("the sheet's XML is not readable after row 2");

        String sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">"
                + "<c r=\"A1\" t=\"inlineStr\"><is><t>email</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>orgUnit</t></is></c>"
                + "</row><row r=\"2\"><c r=\"%s\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>";
        for (String reference : new String[] {"ZZZZZZZZ2", "XFE2", "22"}) {
            assertThatThrownBy(() -> read("far.xlsx", Workbooks.withSheetXml(good, String.format(sheet, reference)), "xlsx"))
                    .as(reference).isInstanceOf(UnreadableFileException.class).hasMessageContaining("after row 2");
        }
        // a few bytes that would make a billion digits, and a text longer than a cell holds
        String numberSheet = sheet.replace("t=\"inlineStr\"><is><t>x</t></is>", "><v>%s</v>");
        for (String number : new String[] {"1E999999999", "9".repeat(41)}) {
            assertThatThrownBy(() -> read("num.xlsx", Workbooks.withSheetXml(good, String.format(numberSheet, "A2", number)), "xlsx"))
                    .as(number).isInstanceOf(UnreadableFileException.class).hasMessageContaining("after row 2");
        }
        assertThatThrownBy(() -> read("long.xlsx", Workbooks.withSheetXml(good, String.format(sheet, "A2")
                .replace("<t>x</t>", "<t>" + "x".repeat(40_000) + "</t>")), "xlsx"))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("32767 characters");

        assertThatThrownBy(() -> read("bomb.xlsx", Workbooks.withSheetXml(good, "<worksheet xmlns=\"http://schemas."
                + "openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" + " ".repeat(20_000_000) + "</sheetData></worksheet>"),
                "xlsx")).isInstanceOf(UnreadableFileException.class).hasMessageContaining("Zip bomb");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
    void aWorkbookIsResumedByExcelsRowNumbersAndItsDimensionTellsHowFarItIs() throws IOException {
        Object[][] rows = new Object[101][];
        rows[0] = new Object[] {"email", "orgUnit"};
        for (int i = 1; i <= 100; i++) {
            rows[i] = new Object[] {"p" + i + "@example.com", "brand1"};
        }
        File file = Files.write(dir.resolve("w.xlsx"), Workbooks.of("S", rows)).toFile();
        List<long[]> seen = new ArrayList<>();
        ReadProgress run = new ReadProgress() {
            @Override
            public void recordRead(long line, long position, long bytes, long fileBytes) {
                seen.add(new long[] {line, bytes, fileBytes});
            }

            @Override
            public boolean skipIfDone(long line) {
                return line <= 51; // rows 2 to 51 finished before a restart
            }

            @Override
            public boolean stopReading() {
                return false;
            }
        };

        List<SyncRecord> records = new ArrayList<>();
        reader.read(file, "xlsx", "w.xlsx", run).forEachRemaining(records::add);

        assertThat(records).hasSize(50);
        assertThat(records.get(0).getLine()).isEqualTo(52);
        long[] first = seen.get(0);
        assertThat((double) first[1] / first[2]).as("row 52 of 101: about half of the file").isBetween(0.45, 0.55);
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
