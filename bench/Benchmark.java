import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of acs-orgunit-sync (run with bench/run.sh, after mvn package). Starts the ACS sandbox in its own JVM
 * (200 org units, synthetic profiles), starts the service in another JVM (-Xmx256m) against it, drops generated
 * CSV files into its inbox and prints one table: records/s, requests per record by kind, PATCH latency p50/p99,
 * peak heap and peak RSS of the service, dead letters. A baseline runs the documented procedure literally (list
 * the org units, then PATCH, one record at a time) on the same sandbox, for the speed-up.
 * Plain JDK, no dependencies: `java bench/Benchmark.java [--records=N] [--warmup=N] [--million] [--service-arg=--name=value ...]`.
 */
public class Benchmark {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String JAR = "target/acs-orgunit-sync-0.1.0-SNAPSHOT.jar";
    static final int UNITS = 200;
    static final String CONSOLE_PASSWORD = "bench-" + System.nanoTime();

    record Scenario(String name, int records, boolean byEmail, long latencyMs, double rateLimit, String target, boolean xlsx) {
        Scenario(String name, int records, boolean byEmail, long latencyMs, double rateLimit, String target) {
            this(name, records, byEmail, latencyMs, rateLimit, target, false);
        }
    }

    record Result(Scenario s, double recordsPerSecond, double patchPerRecord, double byEmailPerRecord, double listingPerRecord,
                  double p50, double p99, long deadLetters, int maxInOneSecond, double sustainedRate) {
    }

    public static void main(String[] args) throws Exception {
        int n = 10_000;
        // the JIT needs some 20,000 records to compile the per-record path: measure the steady state
        int warmup = 20_000;
        boolean million = false;
        boolean xlsxMillion = false;
        boolean nightlyMillion = false;
        String only = null;
        List<String> serviceArgs = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--service-arg=")) {
                serviceArgs.add(a.substring("--service-arg=".length()));
            } else if (a.startsWith("--records=")) {
                n = Integer.parseInt(a.substring(10));
            } else if (a.startsWith("--warmup=")) {
                warmup = Integer.parseInt(a.substring("--warmup=".length()));
            } else if (a.startsWith("--only=")) {
                only = a.substring("--only=".length());
            } else if (a.equals("--million")) {
                million = true;
            } else if (a.equals("--xlsx-million")) {
                xlsxMillion = true;
            } else if (a.equals("--nightly-million")) {
                nightlyMillion = true;
            }
        }
        List<Scenario> scenarios = new ArrayList<>(List.of(
                new Scenario("pkey, 50 ms latency, 32 in flight", Math.max(n / 2, 1000), false, 50, 0, ">= 576 rec/s"),
                new Scenario("email, 50 ms latency, 32 in flight", Math.max(n / 4, 500), true, 50, 0, ">= 288 rec/s"),
                new Scenario("pkey, no latency", n * 2, false, 0, 0, ">= 3000 rec/s"),
                new Scenario("pkey, rate limit 10/s", 150, false, 0, 10, "<= 10 in any second, >= 9.5/s")));
        if (million) {
            // before the rate-limited scenario: a rate set live cannot be lifted live again
            scenarios.add(3, new Scenario("pkey, 1,000,000 records, -Xmx256m", 1_000_000, false, 0, 0, "no OOM, RSS < 600 MB"));
        }
        if (xlsxMillion) {
            // a workbook as Excel writes it: every PKey a text of the shared-strings table, read row by row
            scenarios.add(3, new Scenario("pkey .xlsx, 1,000,000 rows, shared strings", 1_000_000, false, 0, 0,
                    "no OOM in -Xmx256m", true));
        }
        if (only != null) {
            // one scenario, for a quick comparison: "--only=pkey, no latency"
            String wanted = only;
            scenarios.removeIf(sc -> !sc.name().startsWith(wanted));
        }
        // the nightly export: a full CRM export in which 1 % changed, against a tenant bigger than the file
        boolean nightly = only == null || NIGHTLY.startsWith(only) || only.startsWith("nightly");
        if (only != null && only.startsWith("nightly")) {
            warmup = 0;
        }
        int profiles = Math.max(warmup, scenarios.stream().mapToInt(Scenario::records).max().orElse(n));
        if (nightly) {
            profiles = Math.max(profiles, nightlyMillion ? 5_000_000 : NIGHTLY_TENANT);
        }

        Path work = Files.createTempDirectory("acs-sync-bench");
        int sandboxPort = freePort();
        int servicePort = freePort();
        Process sandbox = new ProcessBuilder("java", "-Xmx3g", "-cp", JAR,
                "-Dloader.main=dev.acssync.sandbox.AcsSandbox", "org.springframework.boot.loader.launch.PropertiesLauncher",
                "--port=" + sandboxPort, "--synthetic-units=" + UNITS, "--synthetic-profiles=" + profiles, "--threads=128")
                .redirectErrorStream(true).redirectOutput(work.resolve("sandbox.log").toFile()).start();
        // a benchmark stopped half-way (Ctrl-C) must not leave JVMs behind to skew the next one
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::destroy));
        String sb = "http://127.0.0.1:" + sandboxPort;
        waitFor(sb + "/sandbox/stats", Duration.ofSeconds(60));

        Instant launched = Instant.now();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR,
                "--acs.sandbox.enabled=false",
                "--acs.base-url=" + sb + "/sandbox-org/campaign/",
                "--acs.ims.token-url=" + sb + "/ims/token/v3",
                "--sync.data-dir=" + work.resolve("data"),
                "--server.port=" + servicePort,
                "--sync.jms.embedded-broker-url=tcp://127.0.0.1:" + freePort(),
                "--acs.concurrency=32",
                "--camel.component.http.max-total-connections=64",
                "--acs.rate-limit.requests-per-second=0",
                "--sync.file.poll-delay-ms=200",
                "--logging.level.root=WARN"));
        command.addAll(serviceArgs);
        ProcessBuilder serviceProcess = new ProcessBuilder(command);
        // secrets travel in the environment, never on a command line that ps shows
        serviceProcess.environment().put("SYNC_CONSOLE_PASSWORD", CONSOLE_PASSWORD);
        // the sandbox is off here (it runs in a JVM of its own): its demo passwords are refused, so no other logins
        for (String login : List.of("SYNC_CONSOLE_VIEWER_PASSWORD", "SYNC_JMS_PRODUCER_PASSWORD", "SYNC_JMS_SUBSCRIBER_PASSWORD",
                "SYNC_JMS_ADMIN_PASSWORD")) {
            serviceProcess.environment().put(login, "");
        }
        Process service = serviceProcess
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("service.log").toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::destroy));
        String svc = "http://127.0.0.1:" + servicePort;
        waitFor(svc + "/actuator/health", Duration.ofSeconds(120));
        double startup = Duration.between(launched, Instant.now()).toMillis() / 1000.0;
        // the directory is loaded at start: how many listing pages did it cost?
        Thread.sleep(1000);
        long listingPages = count(get(sb + "/sandbox/stats"), "GET orgUnitBase 200");

        List<Result> results = new ArrayList<>();
        HeapWatcher heap = new HeapWatcher(service.pid());
        heap.start();
        try {
            // let the JIT compile the hot paths before measuring
            if (warmup > 0) {
                run(new Scenario("warm-up", warmup, false, 0, 0, "-"), sb, svc, work);
            }
            for (Scenario s : scenarios) {
                results.add(run(s, sb, svc, work));
            }
        } finally {
            heap.interrupt();
        }
        String nightlyLine = null;
        if (nightly) {
            // after the rate-limited scenario, which leaves 10/s: this one counts calls, their time at 10/s is computed
            setRateLimit(svc, 1000);
            nightlyLine = nightlyExport(sb, work, service.pid(), nightlyMillion ? 1_000_000 : NIGHTLY_RECORDS,
                    nightlyMillion ? 5_000_000 : NIGHTLY_TENANT);
        }
        if (only != null) {
            results.forEach(Benchmark::print);
            if (nightlyLine != null) {
                System.out.println(nightlyLine);
            }
            System.out.printf(Locale.ROOT, "service peak heap: %d MB (-Xmx256m), peak RSS: %d MB%n",
                    Math.max(heap.peakHeap, nightlyPeakHeap) / (1024 * 1024), peakRssKb(service.pid()) / 1024);
            service.destroy();
            sandbox.destroy();
            return;
        }
        long peakHeapMb = heap.peakHeap / (1024 * 1024);
        long peakRssMb = peakRssKb(service.pid()) / 1024;
        boolean aliveAfterScenarios = service.isAlive();
        // the scenarios above left the rate limit at 10/s: these two measure calls, not the limit. "No limit" is a
        // configuration choice only; live, the console takes at most 1000/s, more than the service does here
        setRateLimit(svc, 1000);
        double secondRunCalls = secondRunCallsPerRecord(sb, work, Math.max(n / 4, 500));
        // last, as it kills the service: a pkey file killed (kill -9) at half, then the service started again
        int killRecords = Math.max(n / 2, 1000);
        long patchesAtKill = startAndKillAtHalf(sb, work, killRecords, service);
        service = serviceProcess.start();
        long patchesAfterRestart = awaitEndOfRun(sb, work, "bench-kill.csv") - patchesAtKill;
        Result baseline = baseline(sb, 100);

        System.out.println();
        System.out.printf(Locale.ROOT, "acs-orgunit-sync benchmark, %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "%-38s %9s %9s %8s %8s %8s %8s %8s %6s  %s%n", "scenario", "records", "rec/s",
                "PATCH/r", "email/r", "list/r", "p50 ms", "p99 ms", "dead", "target");
        for (Result r : results) {
            print(r);
        }
        print(baseline);
        Result pkey50 = results.get(0);
        System.out.printf(Locale.ROOT, "%nspeed-up over the literal procedure (pkey, 50 ms): %.0fx%n",
                pkey50.recordsPerSecond() / baseline.recordsPerSecond());
        Result limited = results.get(3);
        System.out.printf(Locale.ROOT, "rate limit 10/s: at most %d requests in one second, %.2f requests/s sustained%n",
                limited.maxInOneSecond(), limited.sustainedRate());
        System.out.printf(Locale.ROOT, "org-unit directory: %d units loaded in %d listing page(s) at start%n", UNITS + 35, listingPages);
        System.out.printf(Locale.ROOT, "second run of the same email file: %.2f ACS calls per record (the first run: 2.00)%n",
                secondRunCalls);
        long unfinished = killRecords - patchesAtKill;
        System.out.printf(Locale.ROOT, "kill -9 at half of %d pkey records: %d PATCHes after the restart for %d unfinished "
                + "records (at most %d: + 2 x acs.concurrency)%n", killRecords, patchesAfterRestart, unfinished, unfinished + 64);
        if (nightlyLine != null) {
            System.out.println(nightlyLine);
        }
        System.out.printf(Locale.ROOT, "start-up to ready (health UP, routes started): %.1f s%n", startup);
        System.out.printf(Locale.ROOT, "service peak heap: %d MB (-Xmx256m), peak RSS: %d MB, alive at the end: %s%n",
                peakHeapMb, peakRssMb, aliveAfterScenarios);
        String log = Files.readString(work.resolve("service.log"));
        System.out.println("OutOfMemoryError in the service log: " + log.contains("OutOfMemoryError"));

        service.destroy();
        sandbox.destroy();
        service.waitFor();
        sandbox.waitFor();
    }

    /**
     * Writes the rate limit live, as an operator does (Hawtio → JMX → dev.acssync → rateLimit). The service starts with
     * no limit; 0 cannot be written live (it is refused), so a scenario without a limit is left as it is and the
     * rate-limited scenarios run last.
     */
    static void setRateLimit(String svc, double requestsPerSecond) throws Exception {
        if (requestsPerSecond <= 0) {
            return;
        }
        post(svc + "/actuator/jolokia", "{\"type\":\"write\",\"mbean\":\"dev.acssync:name=rateLimit\",\"attribute\":"
                + "\"RequestsPerSecond\",\"value\":" + requestsPerSecond + "}");
    }

    static final String NIGHTLY = "nightly export";
    /** The service's peak heap during the nightly export. */
    static volatile long nightlyPeakHeap;
    static final int NIGHTLY_RECORDS = 200_000;
    static final int NIGHTLY_TENANT = 250_000;

    /**
     * The nightly export (docs/performance.md): {@code records} email records of the tenant's synthetic profiles, 1 % of
     * them to another unit, the rest to the unit they are in (the root, "all"), against a tenant of {@code tenant}
     * profiles, with the shipped lookup mode (auto). Returns the line to print: the calls by kind, calls per record, the
     * time those calls take at the shipped 10/s, and the service's peak heap during the run.
     */
    static String nightlyExport(String sb, Path work, long servicePid, int records, int tenant) throws Exception {
        post(sb + "/sandbox/reset", "");
        post(sb + "/sandbox/faults", "{\"latencyMs\": 0}");
        String name = "bench-nightly-" + System.nanoTime() + ".csv";
        Path staging = work.resolve(name);
        int first = tenant - records + 1; // the last profiles of the tenant, which no other scenario touched
        try (Writer w = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
            w.write("email,orgUnit\n");
            for (int i = first; i < first + records; i++) {
                w.write(String.format(Locale.ROOT, "user%07d@synthetic.example,%s%n", i,
                        i % 100 == 0 ? String.format(Locale.ROOT, "unit-%05d", 1 + i % UNITS) : "all"));
            }
        }
        HeapWatcher heap = new HeapWatcher(servicePid);
        heap.start();
        try {
            Files.move(staging, work.resolve("data/inbox").resolve(name));
            Path report = work.resolve("data/reports").resolve(name + ".report.json");
            while (!Files.exists(report) || Files.readString(report).contains("\"RUNNING\"")) {
                Thread.sleep(200);
            }
        } finally {
            heap.interrupt();
        }
        nightlyPeakHeap = heap.peakHeap;
        String json = Files.readString(work.resolve("data/reports").resolve(name + ".report.json"));
        double seconds = Duration.between(Instant.parse(field(json, "startedAt")), Instant.parse(field(json, "finishedAt"))).toMillis() / 1000.0;
        long calls = Long.parseLong(field(json, "acsCalls"));
        Matcher byKind = Pattern.compile("\"acsCallsByKind\"\\s*:\\s*\\{([^}]*)}").matcher(json);
        long perRecordCalls = records + records / 100; // byEmail for each, a PATCH for each changed one
        return String.format(Locale.ROOT, "%s: %,d email records (1 %% changed), tenant %,d profiles: %,d ACS calls (%s), "
                        + "%.4f calls/record, %s at 10/s (a lookup a record: %,d calls, %s); run %.0f s, %s dead, peak heap %d MB "
                        + "(-Xmx256m)%s",
                NIGHTLY, records, tenant, calls, byKind.find() ? byKind.group(1).replaceAll("[\"\\s]", "") : "?",
                (double) calls / records, hoursMinutes(calls / 10.0), perRecordCalls, hoursMinutes(perRecordCalls / 10.0),
                seconds, field(json, "deadLettered"), heap.peakHeap / (1024 * 1024),
                records == NIGHTLY_RECORDS ? "; target <= 0.03 calls/record, < 15 min at 10/s" : "");
    }

    static String hoursMinutes(double seconds) {
        long minutes = Math.round(seconds / 60);
        return minutes >= 60 ? (minutes / 60) + " h " + (minutes % 60) + " min" : minutes + " min";
    }

    /** A file of email records run twice: the second time, what ACS calls does a record cost? */
    static double secondRunCallsPerRecord(String sb, Path work, int records) throws Exception {
        post(sb + "/sandbox/reset", "");
        post(sb + "/sandbox/faults", "{\"latencyMs\": 0}");
        StringBuilder csv = new StringBuilder("email,orgUnit\n");
        for (int i = 1; i <= records; i++) {
            csv.append(String.format(Locale.ROOT, "user%07d@synthetic.example,unit-%05d%n", i, 1 + i % UNITS));
        }
        dropAndWait(work, "bench-twice-1.csv", csv.toString());
        String before = get(sb + "/sandbox/stats");
        dropAndWait(work, "bench-twice-2.csv", csv.toString());
        String after = get(sb + "/sandbox/stats");
        long calls = count(after, "PATCH profile 200") - count(before, "PATCH profile 200")
                + count(after, "GET profileByEmail 200") - count(before, "GET profileByEmail 200");
        return (double) calls / records;
    }

    /** Drops a pkey file (50 ms a call) and kills the service (SIGKILL) once half its records are PATCHed. */
    static long startAndKillAtHalf(String sb, Path work, int records, Process service) throws Exception {
        post(sb + "/sandbox/reset", "");
        post(sb + "/sandbox/faults", "{\"latencyMs\": 50}");
        StringBuilder csv = new StringBuilder("pkey,orgUnit\n");
        for (int i = 1; i <= records; i++) {
            csv.append(pkey("profile/" + String.format(Locale.ROOT, "user%07d@synthetic.example", i)))
                    .append(String.format(Locale.ROOT, ",unit-%05d%n", 1 + i % UNITS));
        }
        Path staging = work.resolve("bench-kill.csv");
        Files.writeString(staging, csv);
        Files.move(staging, work.resolve("data/inbox/bench-kill.csv"));
        while (count(get(sb + "/sandbox/stats"), "PATCH profile 200") < records / 2) {
            Thread.sleep(20);
        }
        service.destroyForcibly().waitFor();
        return count(get(sb + "/sandbox/stats"), "PATCH profile 200");
    }

    /** Waits until the run of {@code name} has ended (its report is no longer RUNNING); returns the PATCHes so far. */
    static long awaitEndOfRun(String sb, Path work, String name) throws Exception {
        Path report = work.resolve("data/reports").resolve(name + ".report.json");
        while (!Files.exists(report) || Files.readString(report).contains("\"RUNNING\"")) {
            Thread.sleep(100);
        }
        return count(get(sb + "/sandbox/stats"), "PATCH profile 200");
    }

    static void dropAndWait(Path work, String name, String content) throws Exception {
        Path staging = work.resolve(name);
        Files.writeString(staging, content);
        Files.move(staging, work.resolve("data/inbox").resolve(name));
        Path report = work.resolve("data/reports").resolve(name + ".report.json");
        while (!Files.exists(report) || Files.readString(report).contains("\"RUNNING\"")) {
            Thread.sleep(100);
        }
    }

    static Result run(Scenario s, String sb, String svc, Path work) throws Exception {
        post(sb + "/sandbox/faults", "{\"latencyMs\": " + s.latencyMs() + "}");
        // a script's Jolokia write: a POST with basic auth (a GET never changes anything)
        // the rate-limit step: slots 1.05/R s apart (R = 0: left without a limit)
        setRateLimit(svc, s.rateLimit());
        post(sb + "/sandbox/reset", "");
        post(sb + "/sandbox/faults", "{\"latencyMs\": " + s.latencyMs() + "}");
        TreeMap<Double, Long> bucketsBefore = patchLatencyBuckets(svc);
        String name = "bench-" + System.nanoTime() + (s.xlsx() ? ".xlsx" : ".csv");
        Path staging = work.resolve(name);
        if (s.xlsx()) {
            writeWorkbook(staging, s.records());
        } else try (Writer w = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
            w.write(s.byEmail() ? "email,orgUnit\n" : "pkey,orgUnit\n");
            for (int i = 1; i <= s.records(); i++) {
                String email = String.format(Locale.ROOT, "user%07d@synthetic.example", i);
                w.write(s.byEmail() ? email : pkey("profile/" + email));
                w.write(String.format(Locale.ROOT, ",unit-%05d\n", 1 + i % UNITS));
            }
        }
        Files.move(staging, work.resolve("data/inbox").resolve(name));
        Path report = work.resolve("data/reports").resolve(name + ".report.json");
        // the report exists from the run's start (RUNNING) and is replaced, whole, when the run ends
        while (!Files.exists(report) || Files.readString(report).contains("\"RUNNING\"")) {
            Thread.sleep(100);
        }
        String json = Files.readString(report);
        double seconds = Duration.between(Instant.parse(field(json, "startedAt")), Instant.parse(field(json, "finishedAt"))).toMillis() / 1000.0;
        String stats = get(sb + "/sandbox/stats");
        double n = s.records();
        return new Result(s, n / seconds, count(stats, "PATCH profile 200") / n, count(stats, "GET profileByEmail 200") / n,
                count(stats, "GET orgUnitBase 200") / n, quantileMs(bucketsBefore, patchLatencyBuckets(svc), 0.5),
                quantileMs(bucketsBefore, patchLatencyBuckets(svc), 0.99),
                Long.parseLong(field(json, "deadLettered")), (int) count(stats, "maxCampaignRequestsInOneSecond"),
                (count(stats, "PATCH profile 200") - 1) / Math.max(0.001, seconds));
    }

    /**
     * A workbook as Excel writes it, with the JDK alone: one sheet, a header, then {@code records} rows of a PKey and a
     * unit, every text in the shared-strings table (the PKeys all distinct), the sheet's dimension given.
     */
    static void writeWorkbook(Path file, int records) throws IOException {
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            Writer w = new java.io.OutputStreamWriter(zip, StandardCharsets.UTF_8);
            String main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            String rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
            entry(zip, w, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas."
                    + "openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/"
                    + "vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
                    + "spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
                    + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/sharedStrings."
                    + "xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>");
            entry(zip, w, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
                    + "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" + rel + "/officeDocument\" "
                    + "Target=\"xl/workbook.xml\"/></Relationships>");
            entry(zip, w, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + main + "\" "
                    + "xmlns:r=\"" + rel + "\"><sheets><sheet name=\"Export\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(zip, w, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
                    + "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" + rel
                    + "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + rel + "/sharedStrings\" "
                    + "Target=\"sharedStrings.xml\"/></Relationships>");
            // shared strings: 0 "pkey", 1 "orgUnit", 2.. the units, then one PKey a row
            zip.putNextEntry(new java.util.zip.ZipEntry("xl/sharedStrings.xml"));
            int unique = 2 + UNITS + records;
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"" + main + "\" count=\"" + (2 + 2L * records)
                    + "\" uniqueCount=\"" + unique + "\"><si><t>pkey</t></si><si><t>orgUnit</t></si>");
            for (int u = 1; u <= UNITS; u++) {
                w.write(String.format(Locale.ROOT, "<si><t>unit-%05d</t></si>", u));
            }
            for (int i = 1; i <= records; i++) {
                w.write("<si><t>" + pkey("profile/" + String.format(Locale.ROOT, "user%07d@synthetic.example", i)) + "</t></si>");
            }
            w.write("</sst>");
            w.flush();
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("xl/worksheets/sheet1.xml"));
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + main + "\"><dimension ref=\"A1:B"
                    + (records + 1) + "\"/><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v>"
                    + "</c></row>");
            for (int i = 1; i <= records; i++) {
                int r = i + 1;
                w.write("<row r=\"" + r + "\"><c r=\"A" + r + "\" t=\"s\"><v>" + (2 + UNITS + i - 1) + "</v></c><c r=\"B" + r
                        + "\" t=\"s\"><v>" + (2 + (i % UNITS)) + "</v></c></row>");
            }
            w.write("</sheetData></worksheet>");
            w.flush();
            zip.closeEntry();
        }
    }

    private static void entry(java.util.zip.ZipOutputStream zip, Writer w, String name, String xml) throws IOException {
        zip.putNextEntry(new java.util.zip.ZipEntry(name));
        w.write(xml);
        w.flush();
        zip.closeEntry();
    }

    /** What a user without the service would script: for each record, list every org unit, then PATCH. */
    static Result baseline(String sb, int records) throws Exception {
        post(sb + "/sandbox/reset", "");
        post(sb + "/sandbox/faults", "{\"latencyMs\": 50}");
        String token = field(postForm(sb + "/ims/token/v3",
                "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret&scope=openid"), "access_token");
        Instant start = Instant.now();
        for (int i = 1; i <= records; i++) {
            String unit = String.format(Locale.ROOT, "unit-%05d", 1 + i % UNITS);
            String unitPKey = null;
            String next = sb + "/sandbox-org/campaign/profileAndServicesExt/orgUnitBase/";
            while (next != null) {
                String page = acs("GET", next, token, null);
                Matcher m = Pattern.compile("\"PKey\":\"([^\"]+)\"[^}]*\"name\":\"" + Pattern.quote(unit) + "\"").matcher(page);
                if (unitPKey == null && m.find()) {
                    unitPKey = m.group(1);
                }
                Matcher nx = Pattern.compile("\"next\":\\{\"href\":\"([^\"]+)\"").matcher(page);
                next = nx.find() ? nx.group(1) : null;
            }
            String profile = pkey("profile/" + String.format(Locale.ROOT, "user%07d@synthetic.example", i));
            acs("PATCH", sb + "/sandbox-org/campaign/profileAndServicesExt/profile/" + profile, token,
                    "{\"orgUnit\":{\"PKey\":\"" + unitPKey + "\"}}");
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        String stats = get(sb + "/sandbox/stats");
        return new Result(new Scenario("baseline: literal procedure, pkey, 50 ms", records, false, 50, 0, "-"),
                records / seconds, count(stats, "PATCH profile 200") / (double) records, 0,
                count(stats, "GET orgUnitBase 200") / (double) records, Double.NaN, Double.NaN, 0, 0, 0);
    }

    static void print(Result r) {
        System.out.printf(Locale.ROOT, "%-38s %9d %9.1f %8.2f %8.2f %8.4f %8.1f %8.1f %6d  %s%n", r.s().name(), r.s().records(),
                r.recordsPerSecond(), r.patchPerRecord(), r.byEmailPerRecord(), r.listingPerRecord(), r.p50(), r.p99(),
                r.deadLetters(), r.s().target());
    }

    /** Client-side PATCH latency percentile (ms) from the service's Micrometer timer acs.requests (Prometheus format). */
    /** The service's histogram of successful PATCHes: bucket upper bound (seconds) -> cumulative count. */
    static TreeMap<Double, Long> patchLatencyBuckets(String svc) {
        TreeMap<Double, Long> buckets = new TreeMap<>();
        try {
            for (String line : get(svc + "/actuator/prometheus").split("\n")) {
                if (line.startsWith("acs_requests_seconds_bucket{") && line.contains("method=\"PATCH\"")
                        && line.contains("status=\"200\"")) {
                    String le = line.substring(line.indexOf("le=\"") + 4, line.indexOf('"', line.indexOf("le=\"") + 4));
                    double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    buckets.put(bound, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        } catch (Exception e) {
            // an empty histogram is reported as NaN
        }
        return buckets;
    }

    /** The quantile of the PATCHes made between two snapshots, as the upper bound of its histogram bucket, in ms. */
    static double quantileMs(TreeMap<Double, Long> before, TreeMap<Double, Long> after, double q) {
        long total = after.getOrDefault(Double.POSITIVE_INFINITY, 0L) - before.getOrDefault(Double.POSITIVE_INFINITY, 0L);
        if (total <= 0) {
            return Double.NaN;
        }
        for (var bucket : after.entrySet()) {
            long inBucket = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0L);
            if (inBucket >= q * total) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.NaN;
    }

    /**
     * Follows the service's heap with {@code jstat} (it reads the JVM's shared performance counters: no request to
     * the service, whose basic-auth check would itself cost CPU) and keeps the peak.
     */
    static final class HeapWatcher extends Thread {
        final long pid;
        volatile long peakHeap;

        HeapWatcher(long pid) {
            this.pid = pid;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                Process jstat = new ProcessBuilder("jstat", "-gc", String.valueOf(pid), "250").redirectErrorStream(true).start();
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(jstat.getInputStream()))) {
                    List<String> columns = List.of(lines.readLine().trim().split("\\s+"));
                    String line;
                    while (!isInterrupted() && (line = lines.readLine()) != null) {
                        String[] v = line.trim().split("\\s+");
                        double usedKb = 0;
                        for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                            usedKb += Double.parseDouble(v[columns.indexOf(c)]);
                        }
                        peakHeap = Math.max(peakHeap, (long) (usedKb * 1024));
                    }
                } finally {
                    jstat.destroy();
                }
            } catch (Exception e) {
                System.err.println("heap watcher stopped: " + e);
            }
        }
    }

    static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    static String pkey(String key) {
        return "@" + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String acs(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("X-Api-Key", "sandbox-client").header("Content-Type", "application/json").header("Cache-Control", "no-cache");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static long count(String statsJson, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(\\d+)").matcher(statsJson);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)\"?").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1).trim();
    }

    /** Basic credentials for the service's console endpoints; the sandbox ignores them. */
    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + CONSOLE_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    static String get(String url) throws Exception {
        return HTTP.send(request(url).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static void post(String url, String body) throws Exception {
        HTTP.send(request(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String postForm(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static void waitFor(String url, Duration max) throws Exception {
        Instant end = Instant.now().plus(max);
        while (Instant.now().isBefore(end)) {
            try {
                HttpResponse<String> r = HTTP.send(request(url).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " not ready after " + max);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
