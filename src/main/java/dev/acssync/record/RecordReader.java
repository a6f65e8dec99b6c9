package dev.acssync.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.File;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads a dropped file as a stream of {@link SyncRecord}s: CSV (header row, ',' ';' or tab, quoted fields, Excel's
 * {@code sep=} hint), tab-separated text, a JSON array of objects, or JSON Lines; in the encoding a byte-order mark
 * says, else sync.record.charset. Records are produced one at a time so memory does not grow with the file. A record
 * that cannot be understood is still produced, with its problem, so it ends as a dead letter instead of vanishing.
 */
@Component("recordReader")
public class RecordReader {

    /** A CSV header longer than this is not a header (and reading it would need unbounded memory). */
    static final int MAX_HEADER_CHARS = 1024 * 1024;

    private final RecordFieldNames names;
    /** The text encoding of a file without a byte-order mark (sync.record.charset). */
    private final Charset charset;
    /** The sheet of a workbook that holds the records (sync.record.xlsx-sheet; blank: the first). */
    private final String sheet;
    /** The service is shutting down: a file being read stops taking records (see {@link RunStoppedException}). */
    private final BooleanSupplier stopping;
    private final ObjectMapper json = new ObjectMapper();
    /** Duplicate keys in a record are an error, never "the last one wins". */
    private final ObjectMapper strictJson = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    public RecordReader(RecordFieldNames names, RecordProperties record, CamelContext camel) {
        this.names = names;
        this.charset = record.charset() == null ? StandardCharsets.UTF_8 : record.charset();
        this.sheet = record.xlsxSheet();
        this.stopping = camel::isStopping;
    }

    /**
     * The records of a file, in the format process-file chose from its extension ({@code csv}, {@code tsv},
     * {@code json-array}, {@code json-lines}). Called by the splitter, which closes the returned iterator when the split ends.
     */
    public Iterator<SyncRecord> read(@Body File file, String format, String name) {
        return read(file, format, name, ReadProgress.NONE);
    }

    /** As {@link #read(File, String, String)}, telling {@code progress} how far it is and asking it whether to go on. */
    public Iterator<SyncRecord> read(@Body File file, String format, String name, ReadProgress progress) {
        return read(file, format, name, progress, 0);
    }

    /**
     * As {@link #read(File, String, String, ReadProgress)}, for a file that may still be being written: at its end, while
     * it has changed within the last {@code quietPeriodMs}, the reader waits and reads on from where it stopped (a half
     * line at the end is read once complete). A file that a producer appends to is so read whole, in one run.
     */
    public Iterator<SyncRecord> read(@Body File file, String format, String name, ReadProgress progress, long quietPeriodMs) {
        CountingInput in = new CountingInput(file, name, progress, quietPeriodMs, stopping, charset);
        try {
            return switch (format) {
                case "csv", "tsv" -> csv(in, name, format);
                case "json-array" -> {
                    checkJsonArray(new CountingInput(file, name, ReadProgress.NONE, quietPeriodMs, stopping, charset), name);
                    yield jsonArray(in, name);
                }
                case "json-lines" -> jsonLines(in, name);
                case "xlsx" -> xlsx(in, name);
                default -> throw new IllegalArgumentException("no reader for the format " + format);
            };
        } catch (CharacterCodingException e) {
            in.closeOpened();
            throw new UnreadableFileException(name + ": " + in.notValidText(e), e);
        } catch (UnreadableFileException e) {
            in.closeOpened();
            throw e;
        } catch (IOException e) {
            in.closeOpened();
            throw new UnreadableFileException(name + ": cannot be read: " + e, e);
        }
    }

    /** Records carried in one text message (JMS): a JSON object or a JSON array of objects. */
    public List<SyncRecord> readJsonMessage(@Body String text, String source) {
        if (text == null || text.isBlank()) {
            return List.of(SyncRecord.unparseable(source, 1, text, "is empty, expected a JSON object or array"));
        }
        List<SyncRecord> records = new ArrayList<>();
        try (JsonParser p = json.getFactory().createParser(text)) {
            if (p.nextToken() == JsonToken.START_ARRAY) {
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    records.add(element(source, ++i, p));
                }
                if (records.isEmpty()) {
                    records.add(SyncRecord.unparseable(source, 1, text, "is an empty array"));
                }
            } else {
                records.add(element(source, 1, p));
            }
            if (p.nextToken() != null) {
                return List.of(SyncRecord.unparseable(source, 1, text, "not valid JSON: unexpected content after the record"));
            }
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? notJson(j) : "not valid JSON: " + e;
            return List.of(SyncRecord.unparseable(source, 1, text, why));
        }
        return records;
    }

    /**
     * The JSON value the parser is on, as a record. It is copied first, so that a record with a duplicate key
     * becomes one invalid record while the parser goes on with the next one.
     */
    private SyncRecord element(String source, long number, JsonParser p) throws IOException {
        TokenBuffer copy = new TokenBuffer(p);
        copy.copyCurrentStructure(p);
        try {
            return fromJson(source, number, strictJson.readTree(copy.asParser()));
        } catch (JsonProcessingException e) {
            // the record as it came, duplicate keys included (a tree would keep only one of them)
            StringWriter raw = new StringWriter();
            try (JsonGenerator out = json.getFactory().createGenerator(raw)) {
                copy.serialize(out);
            }
            return SyncRecord.unparseable(source, number, raw.toString(), notJson(e));
        }
    }

    // ------------------------------------------------------------------ CSV

    private Iterator<SyncRecord> csv(CountingInput in, String name, String format) throws IOException {
        BufferedReader reader = new BufferedReader(in.text(), 64 * 1024);
        String headerLine = peekHeaderLine(reader, name);
        Character hinted = null;
        long hintChars = 0;
        Matcher hint = headerLine == null ? null : SEPARATOR_HINT.matcher(headerLine);
        if (hint != null && hint.matches()) {
            // Excel's "sep=;" first line: it says the delimiter, and is no header
            hinted = hint.group(1).charAt(0);
            if (hinted == '"') {
                reader.close();
                throw new UnreadableFileException(name + ": its first line sep=\" names the quote as the delimiter");
            }
            hintChars = reader.readLine().length() + 1;
            headerLine = peekHeaderLine(reader, name);
        }
        if (headerLine == null || headerLine.isBlank()) {
            reader.close();
            throw new UnreadableFileException(name + ": empty file, expected a header row naming "
                    + names.orgUnit() + " and " + names.email() + " or " + names.pkey());
        }
        if (headerLine.indexOf('\0') >= 0) {
            reader.close();
            throw new UnreadableFileException(name + ": its header holds NUL characters: it looks like UTF-16 text without "
                    + "a byte-order mark; save it as \"CSV UTF-8\" (or as Unicode text with its mark)");
        }
        char delimiter = hinted != null ? hinted : format.equals("tsv") ? '\t' : delimiterOf(headerLine);
        long charsBeforeHeader = hintChars;
        CSVParser parser = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                // repeated columns are refused below with a clearer message (and ignoring case)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                .get()
                .parse(reader);
        List<String> header = parser.getHeaderNames();
        String wrong = headerProblem(header, "delimiter " + (delimiter == '\t' ? "tab" : "'" + delimiter + "'"));
        if (wrong != null) {
            parser.close();
            throw new UnreadableFileException(name + ": " + wrong);
        }
        Iterator<CSVRecord> rows = parser.iterator();
        return new RecordIterator(parser, name, stopping, in) {
            @Override
            protected SyncRecord computeNext() {
                if (!rows.hasNext()) {
                    return null;
                }
                CSVRecord row = rows.next();
                long number = row.getRecordNumber();
                charsPassed(charsBeforeHeader + row.getCharacterPosition());
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < row.size(); i++) {
                    fields.put(i < header.size() ? header.get(i) : "column" + (i + 1), row.get(i));
                }
                String problem = row.size() == header.size() ? null
                        : "has " + row.size() + " fields but the header has " + header.size();
                return names.toRecord(name, number, fields, problem);
            }
        };
    }

    /** What is wrong with a header row (a column named twice, the columns a record needs missing), or null. */
    private String headerProblem(List<String> header, String readAs) {
        String repeated = repeatedColumn(header);
        if (repeated != null) {
            return "the header names the column " + repeated + "; each column may appear once (which one would be meant?)";
        }
        if (!containsIgnoreCase(header, names.orgUnit())
                || !(containsIgnoreCase(header, names.email()) || containsIgnoreCase(header, names.pkey())
                    || names.customKey() != null && containsIgnoreCase(header, names.customKey()))) {
            return "the header must name the column '" + names.orgUnit() + "' and '" + names.email() + "' or '"
                    + names.pkey() + "'" + (names.customKey() == null ? "" : " or '" + names.customKey() + "'")
                    + " (" + readAs + "); found: " + header;
        }
        return null;
    }

    // ------------------------------------------------------------------ .xlsx

    /**
     * A workbook's sheet read like a CSV file: its first row is the header, then one record a row; a record's line is
     * the row's number in Excel; rows with no value are skipped.
     */
    private Iterator<SyncRecord> xlsx(CountingInput in, String name) throws IOException {
        in.awaitQuiet();
        XlsxRows rows = XlsxRows.open(in.file, name, sheet);
        XlsxRows.Row first;
        try {
            do {
                first = rows.next();
            } while (first != null && first.isEmpty());
        } catch (IOException | RuntimeException e) {
            rows.close();
            throw new UnreadableFileException(name + ": " + e.getMessage(), e);
        }
        if (first == null) {
            rows.close();
            throw new UnreadableFileException(name + ": sheet '" + rows.sheetName() + "' is empty, expected a header row "
                    + "naming " + names.orgUnit() + " and " + names.email() + " or " + names.pkey());
        }
        List<String> header = first.cells();
        String wrong = headerProblem(header, "sheet '" + rows.sheetName() + "', row " + first.number());
        if (wrong != null) {
            rows.close();
            throw new UnreadableFileException(name + ": " + wrong);
        }
        long headerRow = first.number();
        return new RecordIterator(rows, name, stopping, in) {
            @Override
            protected SyncRecord computeNext() throws IOException {
                XlsxRows.Row row;
                do {
                    row = rows.next();
                } while (row != null && row.isEmpty());
                if (row == null) {
                    return null;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                String problem = null;
                for (int i = 0; i < row.cells().size(); i++) {
                    if (i < header.size()) {
                        fields.put(header.get(i), row.cells().get(i));
                    } else if (!row.cells().get(i).isEmpty()) {
                        fields.put("column" + (i + 1), row.cells().get(i));
                        problem = "has a value in column " + (i + 1) + ", beyond the header's " + header.size();
                    }
                }
                for (int i = row.cells().size(); i < header.size(); i++) {
                    fields.put(header.get(i), "");
                }
                return names.toRecord(name, row.number(), fields, problem);
            }

            @Override
            protected long bytesPassed() {
                // the sheet's rows stand for the file's bytes: its dimension says how many there are
                long total = rows.rowsInSheet() - headerRow;
                return total <= 0 ? 0 : Math.min(in.size(), in.size() * (rows.lastRow() - headerRow) / total);
            }
        };
    }

    /** The first line, read without consuming it, and never more than {@link #MAX_HEADER_CHARS} of it. */
    private static String peekHeaderLine(BufferedReader reader, String name) throws IOException {
        reader.mark(MAX_HEADER_CHARS + 2);
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) != -1 && c != '\n' && c != '\r') {
            if (line.length() == MAX_HEADER_CHARS) {
                reader.close();
                throw new UnreadableFileException(name + ": header line longer than " + MAX_HEADER_CHARS
                        + " characters; is this a CSV file with a header row?");
            }
            line.append((char) c);
        }
        reader.reset();
        return c == -1 && line.isEmpty() ? null : line.toString();
    }

    /** "'email' twice (columns 1 and 3)" when a non-empty name appears more than once (ignoring case), else null. */
    static String repeatedColumn(List<String> header) {
        for (int i = 0; i < header.size(); i++) {
            String a = header.get(i) == null ? "" : header.get(i).trim();
            for (int j = i + 1; j < header.size() && !a.isEmpty(); j++) {
                if (header.get(j) != null && header.get(j).trim().equalsIgnoreCase(a)) {
                    return "'" + a + "' twice (columns " + (i + 1) + " and " + (j + 1) + ")";
                }
            }
        }
        return null;
    }

    /** Excel's hint on the first line: {@code sep=;} (any one character, a tab included). */
    private static final Pattern SEPARATOR_HINT = Pattern.compile("(?i)sep=(.)");

    /**
     * The delimiter a header uses, by rule: the one of ',' ';' and tab it holds most of outside quotes; a tie goes to
     * ',' then ';'; a header with none of them has one column (',').
     */
    static char delimiterOf(String header) {
        char best = ',';
        int most = count(header, ',');
        for (char c : new char[] {';', '\t'}) {
            int n = count(header, c);
            if (n > most) {
                best = c;
                most = n;
            }
        }
        return best;
    }

    private static int count(String s, char c) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                n++;
            }
        }
        return n;
    }

    private static boolean containsIgnoreCase(List<String> header, String name) {
        return header.stream().anyMatch(h -> h != null && h.trim().equalsIgnoreCase(name));
    }

    // ------------------------------------------------------------------ JSON

    /** A first, cheap streaming pass: a broken array fails the whole file before any record is sent. */
    private void checkJsonArray(CountingInput in, String name) throws IOException {
        try (JsonParser p = json.getFactory().createParser(in.text())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new UnreadableFileException(name + ": a .json file must hold an array of records");
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                throw new UnreadableFileException(name + ": unexpected content after the array at " + where(p.currentLocation()));
            }
        } catch (JsonProcessingException e) {
            throw new UnreadableFileException(name + ": not valid JSON at " + where(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (CharacterCodingException e) {
            // this pass found it: its own input knows the encoding it read
            throw new UnreadableFileException(name + ": " + in.notValidText(e), e);
        }
    }

    private Iterator<SyncRecord> jsonArray(CountingInput in, String name) throws IOException {
        JsonParser p = json.getFactory().createParser(in.text());
        p.nextToken(); // START_ARRAY, checked above
        return new RecordIterator(p, name, stopping, in) {
            private long index;

            @Override
            protected SyncRecord computeNext() throws IOException {
                if (p.nextToken() == JsonToken.END_ARRAY) {
                    return null;
                }
                SyncRecord record = element(name, ++index, p);
                charsPassed(p.currentLocation().getCharOffset());
                return record;
            }
        };
    }

    private Iterator<SyncRecord> jsonLines(CountingInput in, String name) throws IOException {
        BufferedReader reader = new BufferedReader(in.text(), 64 * 1024);
        return new RecordIterator(reader, name, stopping, in) {
            private long lineNumber;
            private long chars;

            @Override
            protected SyncRecord computeNext() throws IOException {
                String line;
                do {
                    line = reader.readLine();
                    lineNumber++;
                    chars += line == null ? 0 : line.length() + 1;
                } while (line != null && line.isBlank());
                charsPassed(chars);
                if (line == null) {
                    return null;
                }
                try {
                    return fromJson(name, lineNumber, strictJson.readTree(line));
                } catch (JsonProcessingException e) {
                    return SyncRecord.unparseable(name, lineNumber, line, notJson(e));
                }
            }
        };
    }

    private SyncRecord fromJson(String source, long number, JsonNode element) {
        if (isDeadLetter(element)) {
            // a dead-letter line dropped back for replay: the record is the original one it carries
            if (element.path("truncated").size() > 0) {
                return SyncRecord.unparseable(source, number, element.get("record").toString(), "was shortened in its dead "
                        + "letter (" + element.get("truncated") + "): replay the original record instead");
            }
            return fromJson(source, number, element.get("record")).withRawText(element.get("record").toString());
        }
        if (element == null || !element.isObject()) {
            return SyncRecord.unparseable(source, number, String.valueOf(element), "is not a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        element.fields().forEachRemaining(e ->
                fields.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return names.toRecord(source, number, fields, null).withRawText(element.toString());
    }

    private static boolean isDeadLetter(JsonNode element) {
        return element != null && element.isObject() && element.path("record").isObject() && element.has("reason");
    }

    private static String where(JsonLocation location) {
        return location == null ? "an unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    // ------------------------------------------------------------------ plumbing

    /**
     * The byte-order mark a file starts with, consumed: UTF-8, UTF-16LE or UTF-16BE; null (nothing consumed) when it
     * has none.
     */
    static Charset byteOrderMark(PushbackInputStream in) throws IOException {
        byte[] head = new byte[3];
        int n = in.readNBytes(head, 0, 3);
        int b0 = n > 0 ? head[0] & 0xFF : -1;
        int b1 = n > 1 ? head[1] & 0xFF : -1;
        int b2 = n > 2 ? head[2] & 0xFF : -1;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            in.unread(head, 2, n - 2);
            return StandardCharsets.UTF_16LE;
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            in.unread(head, 2, n - 2);
            return StandardCharsets.UTF_16BE;
        }
        in.unread(head, 0, n);
        return null;
    }

    /** A strict decoder: bytes that are not valid text in the charset are an error, never replacement characters. */
    private static Reader strict(InputStream in, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(in, decoder);
    }

    /** A one-record look-ahead iterator over a closeable source; read errors surface as {@link UnreadableFileException}. */
    private abstract static class RecordIterator implements Iterator<SyncRecord>, Closeable {
        private final Closeable source;
        private final String name;
        private final BooleanSupplier stopping;
        private final CountingInput input;
        private SyncRecord next;
        /** Characters of the file the parser has passed, up to the record it gave last. */
        private long charsPassed;
        private long produced;
        /** Records passed: handed over or skipped as already done. */
        private long passed;
        private boolean done;

        RecordIterator(Closeable source, String name, BooleanSupplier stopping, CountingInput input) {
            this.source = source;
            this.name = name;
            this.stopping = stopping;
            this.input = input;
        }

        protected abstract SyncRecord computeNext() throws IOException;

        /** The parser is this many characters into the file (for the run's progress). */
        protected void charsPassed(long chars) {
            charsPassed = Math.max(charsPassed, chars);
        }

        /** About how many of the file's bytes the records given so far took (for the run's progress). */
        protected long bytesPassed() {
            return input.bytesAt(charsPassed);
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done && stopping.getAsBoolean()) {
                // records in flight finish; the file stays in the inbox and its run is finished at the next start
                done = true;
                closeQuietly();
                throw new RunStoppedException(name + ": the service is stopping; reading stopped after record " + produced);
            }
            if (next == null && !done && input.progress.stopReading()) {
                // the run was stopped early: no more records, as if the file ended here
                done = true;
                closeQuietly();
            }
            while (next == null && !done) {
                try {
                    next = computeNext();
                } catch (IOException | UncheckedIOException e) {
                    done = true;
                    closeQuietly();
                    Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
                    String what = cause instanceof CharacterCodingException c ? input.notValidText(c) : cause.toString();
                    throw new UnreadableFileException(name + ": reading stopped after record " + passed + ": " + what, e);
                }
                if (next == null) {
                    done = true;
                    closeQuietly();
                    input.progress.endOfFile(passed);
                } else if (input.progress.skipIfDone(next.getLine())) {
                    // its outcome was final before a restart: go on with the next one
                    passed++;
                    next = null;
                }
            }
            return next != null;
        }

        @Override
        public SyncRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SyncRecord r = next;
            next = null;
            produced++;
            passed++;
            input.progress.recordRead(r.getLine(), passed, bytesPassed(), input.size());
            return r;
        }

        @Override
        public void close() throws IOException {
            done = true;
            source.close();
        }

        private void closeQuietly() {
            try {
                source.close();
            } catch (IOException ignored) {
                // nothing left to read anyway
            }
        }
    }

    /**
     * The file's text, counted as it is read (for a run's progress: bytes and characters, whose ratio turns the parser's
     * position in characters into bytes of the file, whatever its encoding). At the end of the file, while the file
     * grows or has changed within the quiet period, it waits and reads on: a producer may still be writing it.
     */
    private static final class CountingInput {
        private static final Logger LOG = LoggerFactory.getLogger(RecordReader.class);
        private static final long POLL_MILLIS = 200;

        private final File file;
        private final String name;
        private final ReadProgress progress;
        private final long quietPeriodMs;
        private final BooleanSupplier stopping;
        /** sync.record.charset: the text's encoding unless a byte-order mark says otherwise. */
        private final Charset configured;
        private volatile long size;
        private volatile long bytesRead;
        private volatile long charsRead;
        /** The encoding the text is read in, and whether its byte-order mark said so. */
        private Charset charset;
        private boolean marked;
        private boolean waitLogged;
        /** What this input opened: closed by {@link #closeOpened()} when the file fails before its records are read. */
        private final List<Closeable> opened = new ArrayList<>();

        CountingInput(File file, String name, ReadProgress progress, long quietPeriodMs, BooleanSupplier stopping,
                      Charset configured) {
            this.file = file;
            this.name = name;
            this.size = file.length();
            this.progress = progress;
            this.quietPeriodMs = quietPeriodMs;
            this.stopping = stopping;
            this.configured = configured;
            this.charset = configured;
        }

        /**
         * The line of the file's first byte that is not valid text in its encoding, or -1 when it cannot tell: the
         * file decoded again, only on this error path (a reader decodes ahead of what it gives, so it cannot say).
         */
        private long lineOfFirstError() {
            CharsetDecoder decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(64 * 1024);
            long lines = 1;
            try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
                channel.position(!marked ? 0 : charset.equals(StandardCharsets.UTF_8) ? 3 : 2);
                boolean end = false;
                while (true) {
                    end = end || channel.read(in) < 0;
                    in.flip();
                    java.nio.charset.CoderResult result = decoder.decode(in, out, end);
                    out.flip();
                    while (out.hasRemaining()) {
                        lines += out.get() == '\n' ? 1 : 0;
                    }
                    out.clear();
                    if (result.isError()) {
                        return lines;
                    }
                    in.compact();
                    if (end && result.isUnderflow()) {
                        return -1;
                    }
                }
            } catch (IOException unreadable) {
                return -1;
            }
        }

        /**
         * Waits while the file is still being written (changed within the quiet period, and not renamed in since): a
         * workbook cannot be read as it grows, only once whole.
         */
        void awaitQuiet() throws IOException {
            while (quietPeriodMs > 0 && !renamedSinceWritten()
                    && System.currentTimeMillis() - Files.getLastModifiedTime(file.toPath()).toMillis() < quietPeriodMs) {
                if (stopping.getAsBoolean()) {
                    throw new RunStoppedException(name + ": the service is stopping while the file was still being written");
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.nio.channels.ClosedByInterruptException();
                }
            }
            size = file.length();
        }

        /** Why the text cannot be read, naming the line, the encoding tried and what to change. */
        String notValidText(CharacterCodingException e) {
            long line = lineOfFirstError();
            String where = "is not valid " + charset.name() + " text" + (line > 0 ? " on line " + line : "") + " (" + e + ")";
            return marked ? where + ", though its byte-order mark says " + charset.name() + ": save it again"
                    : where + ": save it as " + charset.name() + ", or set sync.record.charset to the encoding it was "
                    + "saved in (Excel's plain \"CSV\" on a Western Windows: windows-1252; its \"CSV UTF-8\" carries a mark)";
        }

        long size() {
            return size;
        }

        /** About how many bytes of the file {@code chars} characters of its text took. */
        long bytesAt(long chars) {
            long c = charsRead;
            return c == 0 ? 0 : Math.min(bytesRead, Math.round((double) chars * bytesRead / c));
        }

        /**
         * The file as strict text, its characters counted: in the encoding its byte-order mark says, else in
         * sync.record.charset.
         */
        Reader text() throws IOException {
            PushbackInputStream in = new PushbackInputStream(open(), 3);
            Charset mark = byteOrderMark(in);
            marked = mark != null;
            charset = marked ? mark : configured;
            Reader decoded = strict(in, charset);
            return new java.io.FilterReader(decoded) {
                @Override
                public int read() throws IOException {
                    int c = super.read();
                    if (c >= 0) {
                        charsRead++;
                    }
                    return c;
                }

                @Override
                public int read(char[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        charsRead += n;
                    }
                    return n;
                }
            };
        }

        /**
         * The file was renamed (or moved) into the inbox after its last write: its inode changed after its content, the
         * sign of a producer that wrote it elsewhere and renamed it when done, so its end is its true end. A file
         * written in place changes both at once. Where the system keeps no change time, the quiet period decides.
         */
        private boolean renamedSinceWritten() {
            try {
                Object changed = Files.getAttribute(file.toPath(), "unix:ctime");
                return changed instanceof java.nio.file.attribute.FileTime ctime
                        && ctime.to(java.util.concurrent.TimeUnit.MICROSECONDS)
                        > Files.getLastModifiedTime(file.toPath()).to(java.util.concurrent.TimeUnit.MICROSECONDS);
            } catch (UnsupportedOperationException | IllegalArgumentException | IOException noChangeTime) {
                return false;
            }
        }

        /** Closes what this input opened (the file fails before a record iterator took it over). */
        void closeOpened() {
            for (Closeable c : opened) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing a read-only file
                }
            }
        }

        private InputStream open() throws IOException {
            FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
            opened.add(channel);
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (length == 0) {
                        return 0;
                    }
                    while (true) {
                        int n = channel.read(ByteBuffer.wrap(buffer, offset, length));
                        if (n > 0) {
                            bytesRead += n;
                            size = Math.max(size, channel.position());
                            return n;
                        }
                        if (n == 0 || !stillBeingWritten(channel)) {
                            return n == 0 ? 0 : -1;
                        }
                    }
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }

        /**
         * At the end of the file: true (after a pause) when the file has grown since, or changed within the quiet
         * period, so reading goes on; false when it has been quiet that long (its true end) or the run stops early.
         */
        private boolean stillBeingWritten(FileChannel channel) throws IOException {
            if (quietPeriodMs <= 0) {
                return false;
            }
            while (true) {
                long length = channel.size();
                if (length > channel.position()) {
                    return true;
                }
                if (length < channel.position()) {
                    throw new IOException("the file was cut short while it was read (" + length + " bytes, "
                            + channel.position() + " read): was it replaced? Drop it again once it is complete");
                }
                long modified = Files.getLastModifiedTime(file.toPath()).toMillis();
                long quietFor = System.currentTimeMillis() - modified;
                if (quietFor >= quietPeriodMs || progress.stopReading() || renamedSinceWritten()) {
                    return false;
                }
                if (stopping.getAsBoolean()) {
                    throw new RunStoppedException(name + ": the service is stopping while the file was still being written");
                }
                if (!waitLogged) {
                    waitLogged = true;
                    LOG.info("{}: still being written (changed {} ms ago): its run reads on when it grows, and ends once it "
                            + "has not changed for {} ms (sync.file.quiet-period-ms)", name, quietFor, quietPeriodMs);
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    // as an interrupted read of the file: it stays in the inbox (file-error-policy, file-run-elsewhere)
                    throw new java.nio.channels.ClosedByInterruptException();
                }
            }
        }
    }

    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '(.*)' for .*", Pattern.DOTALL);

    /** Why a record is not usable JSON, in the user's words: a duplicate key is named as such (not Jackson's setting). */
    static String notJson(JsonProcessingException e) {
        Matcher duplicate = DUPLICATE_KEY.matcher(e.getOriginalMessage());
        if (duplicate.matches()) {
            return "has the key '" + duplicate.group(1) + "' twice: which value is meant is a guess, so the record is not used";
        }
        return "not valid JSON: " + e.getOriginalMessage();
    }
}
