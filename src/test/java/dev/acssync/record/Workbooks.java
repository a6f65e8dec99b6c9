package dev.acssync.record;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Workbooks as producers make them: as Excel's own library writes one, encrypted with a password, or with a sheet's XML
 * of one's own (hostile).
 */
public final class Workbooks {
    private Workbooks() {
    }

    /** A workbook as Excel's own library writes it: texts in the shared-strings table, a number, empty cells, a formula. */
    public static byte[] of(String sheetName, Object[]... rows) throws IOException {
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
             java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            org.apache.poi.ss.usermodel.Sheet sheet = book.createSheet(sheetName); // xl/worksheets/sheet1.xml
            book.createSheet("Notes").createRow(0).createCell(0).setCellValue("not the records");
            for (int r = 0; r < rows.length; r++) {
                org.apache.poi.ss.usermodel.Row row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    Object v = rows[r][c];
                    if (v instanceof Number n) {
                        row.createCell(c).setCellValue(n.doubleValue());
                    } else if (v instanceof String text && text.startsWith("=")) {
                        row.createCell(c).setCellFormula(text.substring(1));
                    } else if (v != null) {
                        row.createCell(c).setCellValue(v.toString());
                    }
                }
            }
            book.getCreationHelper().createFormulaEvaluator().evaluateAll(); // Excel keeps each formula's value
            book.write(out);
            return out.toByteArray();
        }
    }

    /** {@code xlsx} as Excel saves it with "Encrypt with password" (agile encryption, an OLE2 container). */
    public static byte[] encrypted(byte[] xlsx, String password) throws Exception {
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor encryptor = info.getEncryptor();
            encryptor.confirmPassword(password);
            try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(xlsx)); OutputStream os = encryptor.getDataStream(fs)) {
                pkg.save(os);
            }
            fs.writeFilesystem(out);
            return out.toByteArray();
        }
    }

    /** {@code xlsx} with its first sheet's XML replaced by {@code sheetXml}, compressed as a zip tool would. */
    public static byte[] withSheetXml(byte[] xlsx, String sheetXml) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx)); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(entry.getName().equals("xl/worksheets/sheet1.xml") ? sheetXml.getBytes(StandardCharsets.UTF_8)
                        : in.readAllBytes());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
