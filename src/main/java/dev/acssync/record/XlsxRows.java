package dev.acssync.record;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.EmptyFileException;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;

/**
 * The rows of one sheet of an .xlsx workbook, pulled one at a time from the sheet's XML (StAX, as Apache POI's secure
 * factory makes it: no DTD, no external entity), so that memory holds one row and the workbook's shared-strings table
 * (every distinct text of the workbook, as plain strings: what bounds the memory a workbook takes). Values as Excel shows them typed: a
 * shared or inline text as is, a number in plain digits (10000002, never 1.0E7), a formula's cached value, TRUE or
 * FALSE. The workbook is untrusted input: POI refuses a zip bomb, and anything it cannot read fails the whole file.
 */
final class XlsxRows implements Closeable {
    /** One row: Excel's row number and its cells' values by column (from 0; a missing cell is ""). */
    record Row(long number, List<String> cells) {
        boolean isEmpty() {
            return cells.stream().allMatch(String::isEmpty);
        }
    }

    /** Excel's own limit on a cell's text: a longer one is no cell Excel wrote (and would cost memory). */
    static final int MAX_CELL_CHARS = 32_767;
    /** The shared-strings table is held in memory: beyond this many characters, the workbook is refused. */
    static final long MAX_SHARED_CHARS = 50_000_000;

    private final OPCPackage workbook;
    /** The workbook's shared-strings table: every distinct text, as plain strings (POI's own keeps an XML object each). */
    private final List<String> strings;
    private final InputStream sheetData;
    private final XMLStreamReader xml;
    private final String sheetName;
    private long rowsInSheet = -1;
    private long lastRow;

    private XlsxRows(OPCPackage workbook, List<String> strings, InputStream sheetData, String sheetName)
            throws XMLStreamException {
        this.workbook = workbook;
        this.strings = strings;
        this.sheetData = sheetData;
        this.sheetName = sheetName;
        this.xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(sheetData);
    }

    /**
     * Opens {@code file}'s sheet {@code wanted} (blank: the first one).
     *
     * @throws UnreadableFileException naming the file and why, when it is no .xlsx workbook, is password-protected or
     *                                 has no such sheet
     */
    static XlsxRows open(File file, String name, String wanted) throws IOException {
        FileMagic magic = FileMagic.valueOf(file);
        if (magic == FileMagic.OLE2) {
            // an encrypted .xlsx is an OLE2 container around the encrypted package (so is an .xls renamed)
            throw new UnreadableFileException(name + ": is password-protected (or an Excel 97-2003 workbook renamed): "
                    + "save it without a password, as .xlsx or CSV UTF-8");
        }
        if (magic != FileMagic.OOXML) {
            throw new UnreadableFileException(name + ": is not an .xlsx workbook (it does not start as one): save it "
                    + "again from Excel, as .xlsx or CSV UTF-8");
        }
        OPCPackage workbook = null;
        try {
            workbook = OPCPackage.open(file, PackageAccess.READ);
            XSSFReader reader = new XSSFReader(workbook);
            List<String> strings = sharedStrings(reader);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            List<String> names = new ArrayList<>();
            while (sheets.hasNext()) {
                InputStream sheet = sheets.next();
                String sheetName = sheets.getSheetName();
                if (wanted == null || wanted.isBlank() || wanted.trim().equals(sheetName)) {
                    return new XlsxRows(workbook, strings, sheet, sheetName);
                }
                names.add(sheetName);
                sheet.close();
            }
            throw new UnreadableFileException(name + ": has no sheet '" + wanted + "' (sync.record.xlsx-sheet); its sheets: " + names);
        } catch (UnreadableFileException e) {
            closeQuietly(workbook);
            throw e;
        } catch (NotOfficeXmlFileException | InvalidFormatException | EmptyFileException e) {
            closeQuietly(workbook);
            throw new UnreadableFileException(name + ": is not a readable .xlsx workbook (" + e.getMessage() + "): save it "
                    + "again from Excel, as .xlsx or CSV UTF-8", e);
        } catch (OpenXML4JException | XMLStreamException | IOException | RuntimeException e) {
            closeQuietly(workbook);
            throw new UnreadableFileException(name + ": cannot be read as an .xlsx workbook: " + e.getMessage(), e);
        }
    }

    String sheetName() {
        return sheetName;
    }

    /** Rows the sheet says it spans (its {@code dimension}, read before its first row), or -1 when it does not say. */
    long rowsInSheet() {
        return rowsInSheet;
    }

    /** Excel's number of the last row read. */
    long lastRow() {
        return lastRow;
    }

    /** The next row that the sheet holds, or null at its end. */
    Row next() throws IOException {
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "dimension" -> rowsInSheet = rowsOf(xml.getAttributeValue(null, "ref"));
                        case "row" -> {
                            return row();
                        }
                        default -> {
                            // sheet properties, columns, merged cells...: not records
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("sheetData")) {
                    return null;
                }
            }
            return null;
        } catch (XMLStreamException | RuntimeException e) {
            // a hostile or broken sheet (a row number or cell reference that is none): the whole file fails
            throw new IOException("the sheet's XML is not readable after row " + lastRow + ": " + e.getMessage(), e);
        }
    }

    private Row row() throws XMLStreamException {
        String r = xml.getAttributeValue(null, "r");
        long number = r == null ? lastRow + 1 : Long.parseLong(r.trim());
        if (number <= lastRow) {
            throw new IllegalArgumentException("row " + number + " comes after row " + lastRow + ": rows must be in order");
        }
        lastRow = number;
        List<String> cells = new ArrayList<>();
        int nextColumn = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("c")) {
                String ref = xml.getAttributeValue(null, "r");
                int column = ref == null ? nextColumn : columnOf(ref);
                String value = cell(xml.getAttributeValue(null, "t"));
                while (cells.size() < column) {
                    cells.add("");
                }
                if (column < cells.size()) {
                    cells.set(column, value);
                } else {
                    cells.add(value);
                }
                nextColumn = column + 1;
            } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("row")) {
                break;
            }
        }
        return new Row(number, cells);
    }

    /** A cell's value as text; the reader is on its start and ends on its end. */
    private String cell(String type) throws XMLStreamException {
        String value = null;
        StringBuilder inline = null;
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String element = xml.getLocalName();
                if (element.equals("v")) {
                    value = boundedText(xml);
                } else if (element.equals("f")) {
                    boundedText(xml); // the formula: its cached value is in <v>
                } else if (element.equals("is")) {
                    inline = inlineText();
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (inline != null) {
            return inline.toString().strip();
        }
        if (value == null) {
            return "";
        }
        String text = switch (type == null ? "n" : type) {
            case "s" -> sharedString(value);
            case "b" -> "1".equals(value.trim()) ? "TRUE" : "FALSE";
            case "n" -> plainNumber(value);
            default -> value; // str (a formula's text), e (an error such as #N/A), d (an ISO date), inlineStr
        };
        return text == null ? "" : text.strip();
    }

    private String sharedString(String index) throws XMLStreamException {
        try {
            return strings.get(Integer.parseInt(index.trim()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new XMLStreamException("row " + lastRow + " names shared string " + index + ", which the workbook does not have");
        }
    }

    /** The workbook's shared strings ({@code xl/sharedStrings.xml}), in order; none when it has no such part. */
    private static List<String> sharedStrings(XSSFReader reader) throws IOException, XMLStreamException, InvalidFormatException {
        List<String> strings = new ArrayList<>();
        InputStream part;
        try {
            part = reader.getSharedStringsData();
        } catch (InvalidFormatException | IllegalArgumentException none) {
            return strings;
        }
        if (part == null) {
            return strings;
        }
        try (InputStream in = part) {
            XMLStreamReader xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(in);
            try {
                long chars = 0;
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("si")) {
                        String text = inlineText(xml).toString();
                        chars += text.length();
                        if (chars > MAX_SHARED_CHARS) {
                            throw new XMLStreamException("its shared strings hold more than " + MAX_SHARED_CHARS
                                    + " characters: split the workbook, or save it as CSV UTF-8");
                        }
                        strings.add(text);
                    }
                }
            } finally {
                xml.close();
            }
        }
        return strings;
    }

    /** The text of an inline string ({@code <is>}), its rich-text runs joined, without phonetic guides. */
    private StringBuilder inlineText() throws XMLStreamException {
        return inlineText(xml);
    }

    /**
     * The text of a rich string ({@code <is>} in a cell, {@code <si>} in the shared strings): its runs' {@code <t>}
     * joined, phonetic guides ({@code <rPh>}) left out; the reader is on its start and ends on its end.
     */
    private static StringBuilder inlineText(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        boolean phonetic = false;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (xml.getLocalName().equals("rPh")) {
                    phonetic = true;
                }
                if (xml.getLocalName().equals("t") && !phonetic) {
                    text.append(boundedText(xml));
                    if (text.length() > MAX_CELL_CHARS) {
                        throw new XMLStreamException("a text of more than " + MAX_CELL_CHARS + " characters, Excel's limit for a cell");
                    }
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (xml.getLocalName().equals("rPh")) {
                    phonetic = false;
                }
                depth--;
            }
        }
        return text;
    }

    /**
     * An element's text, read in the pieces the parser gives and never more than Excel's limit for a cell; the reader
     * is on its start and ends on its end.
     */
    private static String boundedText(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                if (text.length() > MAX_CELL_CHARS) {
                    throw new XMLStreamException("a value of more than " + MAX_CELL_CHARS + " characters, Excel's limit for a cell");
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return text.toString();
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                throw new XMLStreamException("an element inside a value: " + xml.getLocalName());
            }
        }
        return text.toString();
    }

    /**
     * 10000002 as 10000002, 1E7 as 10000000, 2.50 as 2.5: what the cell shows without its number format. A number
     * Excel cannot hold (more than 40 characters, or beyond its range) is no number of a workbook.
     */
    static String plainNumber(String stored) {
        String trimmed = stored.trim();
        if (trimmed.length() > 40) {
            throw new IllegalArgumentException("a number of " + trimmed.length() + " characters");
        }
        try {
            BigDecimal number = new BigDecimal(trimmed);
            if (Math.abs(number.scale()) > 400) {
                throw new IllegalArgumentException("the number " + trimmed + " is beyond what a cell holds");
            }
            return number.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notANumber) {
            return stored;
        }
    }

    /** Excel's last column, XFD: a reference beyond it is no cell of a workbook (and would cost memory). */
    static final int MAX_COLUMNS = 16_384;

    /** "C12" → 2; a reference that is not letters then digits, or beyond column XFD, is an error. */
    static int columnOf(String ref) {
        int column = 0;
        int i = 0;
        for (; i < ref.length() && ref.charAt(i) >= 'A' && ref.charAt(i) <= 'Z'; i++) {
            column = column * 26 + (ref.charAt(i) - 'A' + 1);
            if (column > MAX_COLUMNS) {
                throw new IllegalArgumentException("the cell reference '" + abbreviate(ref) + "' is beyond Excel's last column, XFD");
            }
        }
        if (i == 0) {
            throw new IllegalArgumentException("'" + abbreviate(ref) + "' is no cell reference");
        }
        return column - 1;
    }

    private static String abbreviate(String text) {
        return text.length() > 20 ? text.substring(0, 20) + "..." : text;
    }

    /** "A1:D1001" → 1001; "A1" → 1; -1 when unreadable. */
    static long rowsOf(String ref) {
        if (ref == null) {
            return -1;
        }
        String last = ref.substring(ref.indexOf(':') + 1);
        String digits = last.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException ignored) {
            // the stream below is closed anyway
        } finally {
            try {
                sheetData.close();
            } finally {
                workbook.revert(); // opened read-only: nothing to save
            }
        }
    }

    private static void closeQuietly(OPCPackage workbook) {
        if (workbook != null) {
            workbook.revert();
        }
    }
}
