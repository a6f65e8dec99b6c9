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
 * Reads a dropped file as a stream of {@link SyncRecord}s: CSV (header row, ',' or ';', quoted fields), a JSON array
 * of objects, or JSON Lines. Records are produced one at a time so memory does not grow with the file. A record
 * that cannot be understood is still produced, with its problem, so it ends as a dead letter instead of vanishing.
 */
@Component("recordReader")
public class RecordReader {

    /** A CSV header longer than this is not a header (and reading it would need unbounded memory). */
    static final int MAX_HEADER_CHARS = 1024 * 1024;

    private final RecordFieldNames names;
    /** The service is shutting down: a file being read stops taking records (see {@link RunStoppedException}). */
    private final BooleanSupplier stopping;
    private final ObjectMapper json = new ObjectMapper();
    /** Duplicate keys in a record are an error, never "the last one wins". */
    private final ObjectMapper strictJson = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    public RecordReader(RecordFieldNames names, CamelContext camel) {
        this.names = names;
        this.stopping = camel::isStopping;
    }

    /**
     * The records of a file, in the format process-file chose from its extension ({@code csv}, {@code json-array},
     * {@code json-lines}). Called by the splitter, which closes the returned iterator when the split ends.
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
        try {
            CountingInput in = new CountingInput(file, name, progress, quietPeriodMs, stopping);
            return switch (format) {
                case "csv" -> csv(in, name);
                case "json-array" -> {
                    checkJsonArray(new CountingInput(file, name, ReadProgress.NONE, quietPeriodMs, stopping), name);
                    yield jsonArray(in, name);
                }
                case "json-lines" -> jsonLines(in, name);
                default -> throw new IllegalArgumentException("no reader for the format " + format);
            };
        } catch (CharacterCodingException e) {
            throw new UnreadableFileException(name + ": is not valid UTF-8 text near its start (" + e + "); save it as UTF-8", e);
        } catch (IOException e) {
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

    private Iterator<SyncRecord> csv(CountingInput in, String name) throws IOException {
        BufferedReader reader = new BufferedReader(in.text(), 64 * 1024);
        String headerLine = peekHeaderLine(reader, name);
        if (headerLine == null || headerLine.isBlank()) {
            reader.close();
            throw new UnreadableFileException(name + ": empty file, expected a header row naming "
                    + names.orgUnit() + " and " + names.email() + " or " + names.pkey());
        }
        char delimiter = count(headerLine, ';') > count(headerLine, ',') ? ';' : ',';
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
        String repeated = repeatedColumn(header);
        if (repeated != null) {
            parser.close();
            throw new UnreadableFileException(name + ": the header names the column " + repeated
                    + "; each column may appear once (which one would be meant?)");
        }
        if (!containsIgnoreCase(header, names.orgUnit())
                || !(containsIgnoreCase(header, names.email()) || containsIgnoreCase(header, names.pkey())
                    || names.customKey() != null && containsIgnoreCase(header, names.customKey()))) {
            parser.close();
            throw new UnreadableFileException(name + ": the header must name the column '" + names.orgUnit()
                    + "' and '" + names.email() + "' or '" + names.pkey() + "'"
                    + (names.customKey() == null ? "" : " or '" + names.customKey() + "'") + " (delimiter '" + delimiter
                    + "'); found: " + header);
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
                charsPassed(row.getCharacterPosition());
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

    /** Strict UTF-8 (invalid bytes are an error, not silent replacement characters), with or without a BOM. */
    private static Reader utf8(InputStream file) throws IOException {
        PushbackInputStream in = new PushbackInputStream(file, 3);
        byte[] bom = new byte[3];
        int n = in.readNBytes(bom, 0, 3);
        if (!(n == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
            in.unread(bom, 0, n);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
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
                    String what = cause instanceof CharacterCodingException ? "the text is not valid UTF-8 (" + cause + ")" : cause.toString();
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
            input.progress.recordRead(r.getLine(), passed, input.bytesAt(charsPassed), input.size());
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
        private volatile long size;
        private volatile long bytesRead;
        private volatile long charsRead;
        private boolean waitLogged;

        CountingInput(File file, String name, ReadProgress progress, long quietPeriodMs, BooleanSupplier stopping) {
            this.file = file;
            this.name = name;
            this.size = file.length();
            this.progress = progress;
            this.quietPeriodMs = quietPeriodMs;
            this.stopping = stopping;
        }

        long size() {
            return size;
        }

        /** About how many bytes of the file {@code chars} characters of its text took. */
        long bytesAt(long chars) {
            long c = charsRead;
            return c == 0 ? 0 : Math.min(bytesRead, Math.round((double) chars * bytesRead / c));
        }

        /** The file as strict UTF-8 text, its characters counted. */
        Reader text() throws IOException {
            Reader decoded = utf8(open());
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

        private InputStream open() throws IOException {
            FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
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
