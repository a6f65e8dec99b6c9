package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.record.Workbooks;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The input formats a user can drop, and what happens to a file that cannot be read. */
class FileFormatsIT extends SyncTestBase {

    @Test
    void csvWithSemicolonsBomQuotedFieldsAndCrlf() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(("\"Email\";\"orgUnit\";\"comment\"\r\n"
                + "\"alice.martin@example.com\";\"brand3\";\"quoted; with a semicolon\"\r\n"
                + "bob.dupont@example.com;spain;\"a comment\r\nover two lines\"\r\n"
                + "carla.rossi@example.com ; nordics ;\r\n").getBytes(StandardCharsets.UTF_8));
        String name = "semicolons-" + System.nanoTime() + ".csv";

        JsonNode report = dropAndAwaitReport(name, bytes.toByteArray());

        assertThat(report.path("records").asInt()).isEqualTo(3);
        assertThat(report.path("updated").asInt()).isEqualTo(3);
        assertThat(orgUnitsByEmail()).containsEntry("alice.martin@example.com", "brand3")
                .containsEntry("bob.dupont@example.com", "spain")
                .containsEntry("carla.rossi@example.com", "nordics");
    }

    @Test
    void filesAsExcelAndNotepadMakeThemGoThroughTheWatchedFolder() throws Exception {
        // Excel's "CSV UTF-8" with its sep= hint line
        String hinted = "excel-sep-" + System.nanoTime() + ".csv";
        JsonNode hintedReport = dropAndAwaitReport(hinted, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "sep=;\r\nemail;orgUnit;Pr\u00e9nom\r\nalice.martin@example.com;brand3;Alice\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(hintedReport.path("updated").asInt()).isEqualTo(1);

        // Notepad's or Excel's "Unicode text": UTF-16LE with its mark, tab-separated, as .txt
        String unicode = "unicode-" + System.nanoTime() + ".txt";
        JsonNode unicodeReport = dropAndAwaitReport(unicode, concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "email\torgUnit\r\nbob.dupont@example.com\tbrand4\r\n".getBytes(StandardCharsets.UTF_16LE)));
        assertThat(unicodeReport.path("updated").asInt()).isEqualTo(1);

        // a CRM's tab-separated export
        String tsv = "crm-" + System.nanoTime() + ".tsv";
        assertThat(dropAndAwaitReport(tsv, "email\torgUnit\ncarla.rossi@example.com\tbrand4\n").path("updated").asInt()).isEqualTo(1);

        // a workbook: shared strings, a number, empty cells, a formula, a bad row named by its row number in Excel
        String workbook = "export-" + System.nanoTime() + ".xlsx";
        JsonNode workbookReport = dropAndAwaitReport(workbook, Workbooks.of("Export",
                new Object[] {"email", "orgUnit", "id"},
                new Object[] {"david.smith@example.com", "=\"brand\"&(2+2)", 10000002},
                new Object[] {null, null, null},
                new Object[] {"not-an-email", "brand1", 7},
                new Object[] {"emma.jones@example.com", "brand4", null}));
        assertThat(workbookReport.path("updated").asInt()).isEqualTo(2);
        assertThat(workbookReport.path("reasons").path("INVALID_RECORD").asInt()).isEqualTo(1);
        assertThat(deadLetters(workbook).get(0).path("line").asInt()).as("Excel's row number").isEqualTo(4);
        assertThat(deadLetters(workbook).get(0).path("record").path("id").asText()).isEqualTo("7");

        assertThat(orgUnitsByEmail()).containsEntry("alice.martin@example.com", "brand3")
                .containsEntry("bob.dupont@example.com", "brand4").containsEntry("carla.rossi@example.com", "brand4")
                .containsEntry("david.smith@example.com", "brand4").containsEntry("emma.jones@example.com", "brand4");
    }

    @Test
    void aWindowsExportInAnotherEncodingAndAnOldWorkbookFailSayingWhatToChange() throws Exception {
        String french = "french-" + System.nanoTime() + ".csv";
        JsonNode report = dropAndAwaitReport(french, ("Pr\u00e9nom;Nom;email;orgUnit\r\nFran\u00e7oise;M\u00fcller;"
                + "farid.haddad@example.com;brand1\r\n").getBytes(java.nio.charset.Charset.forName("windows-1252")));
        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).startsWith(french + ": is not valid UTF-8 text on line 1")
                .contains("set sync.record.charset to the encoding it was saved in");
        assertThat(DATA.resolve("failed").resolve(french)).exists();

        String old = "old-" + System.nanoTime() + ".xls";
        JsonNode oldReport = dropAndAwaitReport(old, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0});
        assertThat(oldReport.path("error").asText()).contains("Excel 97-2003 (.xls)").contains("save it as CSV UTF-8");
        assertThat(requests("PATCH profile 200")).isZero();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void jsonArrayAndJsonLines() throws Exception {
        String array = "[{\"email\":\"emma.jones@example.com\",\"orgUnit\":\"brand1\"},"
                + "{\"pkey\":\"" + pkeyOf("farid.haddad@example.com") + "\",\"orgUnit\":\"emea\"},"
                + "{\"email\":\"grace.lee@example.com\"}, 42]";
        String arrayName = "array-" + System.nanoTime() + ".json";
        JsonNode arrayReport = dropAndAwaitReport(arrayName, array);
        assertThat(arrayReport.path("updated").asInt()).isEqualTo(2);
        assertThat(arrayReport.path("reasons").path("INVALID_RECORD").asInt()).isEqualTo(2);
        assertThat(deadLetters(arrayName)).extracting(d -> d.path("line").asInt()).containsExactlyInAnyOrder(3, 4);

        String lines = "{\"email\":\"hugo.bernard@example.com\",\"orgUnit\":\"loyalty-gold\"}\n"
                + "{\"email\": broken\n"
                + "\n"
                + "{\"email\":\"ivan.petrov@example.com\",\"orgUnit\":\"@b3JnVW5pdC9icmFuZDI\"}\n";
        String linesName = "lines-" + System.nanoTime() + ".jsonl";
        JsonNode linesReport = dropAndAwaitReport(linesName, lines);
        assertThat(linesReport.path("records").asInt()).isEqualTo(3);
        assertThat(linesReport.path("updated").asInt()).isEqualTo(2);
        JsonNode broken = deadLetters(linesName).get(0);
        assertThat(broken.path("line").asInt()).isEqualTo(2);
        assertThat(broken.path("reason").asText()).isEqualTo("INVALID_RECORD");
        assertThat(broken.path("detail").asText()).contains("not valid JSON");
        assertThat(broken.path("record").path("raw").asText()).isEqualTo("{\"email\": broken");

        assertThat(orgUnitsByEmail()).containsEntry("emma.jones@example.com", "brand1")
                .containsEntry("farid.haddad@example.com", "emea")
                .containsEntry("hugo.bernard@example.com", "loyalty-gold")
                .containsEntry("ivan.petrov@example.com", "brand2");
    }

    @Test
    void aBrokenJsonArrayGoesToFailedWithAReportAndNoUpdates() throws Exception {
        String name = "broken-" + System.nanoTime() + ".json";
        JsonNode report = dropAndAwaitReport(name, "[{\"email\":\"alice.martin@example.com\",\"orgUnit\":\"brand1\"},\n {\"email\": }]");

        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("records").asInt()).isZero();
        assertThat(report.path("error").asText()).contains(name).contains("line 2");
        assertThat(Files.exists(DATA.resolve("failed").resolve(name))).isTrue();
        assertThat(orgUnitsByEmail()).containsEntry("alice.martin@example.com", "all");
        assertThat(requests("PATCH profile 200")).isZero();
    }

    @Test
    void aCsvWithoutTheNeededColumnsOrAnUnknownTypeGoesToFailed() throws Exception {
        String csv = "badheader-" + System.nanoTime() + ".csv";
        JsonNode report = dropAndAwaitReport(csv, "mail,unit\nalice.martin@example.com,brand1\n");
        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).contains("orgUnit").contains("[mail, unit]");
        assertThat(Files.exists(DATA.resolve("failed").resolve(csv))).isTrue();

        String xml = "unknown-" + System.nanoTime() + ".xml";
        JsonNode xmlReport = dropAndAwaitReport(xml, "<profiles/>");
        assertThat(xmlReport.path("error").asText()).contains("unsupported file type");
        assertThat(Files.exists(DATA.resolve("failed").resolve(xml))).isTrue();
    }
}
