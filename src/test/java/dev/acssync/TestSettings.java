package dev.acssync;

import dev.acssync.acs.AcsProperties;
import dev.acssync.acs.CustomProfileKey;
import dev.acssync.record.RecordProperties;
import java.io.FileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The shipped settings (config/application.properties), bound to the typed records as Spring binds them, for tests
 * that build beans without a Spring context. Placeholders are resolved against the same file.
 */
public final class TestSettings {
    private TestSettings() {
    }

    public static Map<String, String> shipped() {
        Properties p = new Properties();
        try (FileReader r = new FileReader("config/application.properties")) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> raw = new HashMap<>();
        p.forEach((k, v) -> raw.put(k.toString(), v.toString()));
        Map<String, String> resolved = new HashMap<>();
        raw.forEach((k, v) -> resolved.put(k, resolve(v, raw)));
        return resolved;
    }

    private static String resolve(String value, Map<String, String> raw) {
        String out = value;
        for (int guard = 0; guard < 10 && out.contains("${"); guard++) {
            int start = out.indexOf("${");
            int end = out.indexOf('}', start);
            String expr = out.substring(start + 2, end);
            int colon = expr.indexOf(':');
            String key = colon < 0 ? expr : expr.substring(0, colon);
            String fallback = colon < 0 ? "" : expr.substring(colon + 1);
            String replacement = raw.containsKey(key) ? raw.get(key) : System.getProperty(key, fallback);
            out = out.substring(0, start) + replacement + out.substring(end + 1);
        }
        return out;
    }

    private static Binder binder() {
        return new Binder(new MapConfigurationPropertySource(shipped()));
    }

    public static AcsProperties acs() {
        return binder().bind("acs", AcsProperties.class).get();
    }

    /** The shipped acs.* settings with a test's own values over them (when a setting is the point of the test). */
    public static AcsProperties acs(Properties overrides) {
        Map<String, String> settings = shipped();
        overrides.forEach((k, v) -> settings.put(k.toString(), v.toString()));
        return new Binder(new MapConfigurationPropertySource(settings)).bind("acs", AcsProperties.class).get();
    }

    /** The shipped custom-key settings: none used. */
    public static CustomProfileKey customKey() {
        return new CustomProfileKey(acs(), recordFields());
    }

    /**
     * Records naming profiles by the tenant's own key: the column {@code column}, the ACS field {@code field}, and the
     * sandbox's filter (byCrmId, parameter crmId_parameter).
     */
    public static CustomProfileKey customKey(String column, String field) {
        Map<String, String> settings = shipped();
        settings.put("sync.record.custom-key-field", column);
        settings.put("acs.custom-key.field", field);
        settings.put("acs.custom-key.filter", "byCrmId");
        settings.put("acs.custom-key.parameter", "crmId_parameter");
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        return new CustomProfileKey(binder.bind("acs", AcsProperties.class).get(),
                binder.bind("sync.record", RecordProperties.class).get());
    }

    /** Records naming profiles by the column crmId, the field cusCrmId declared as the profile resource's id. */
    public static CustomProfileKey customKeyAsId() {
        Map<String, String> settings = shipped();
        settings.put("sync.record.custom-key-field", "crmId");
        settings.put("acs.custom-key.field", "cusCrmId");
        settings.put("acs.custom-key.as-id", "true");
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        return new CustomProfileKey(binder.bind("acs", AcsProperties.class).get(),
                binder.bind("sync.record", RecordProperties.class).get());
    }

    public static RecordProperties recordFields() {
        return binder().bind("sync.record", RecordProperties.class).get();
    }

    public static dev.acssync.source.SyncProperties sync() {
        return binder().bind("sync", dev.acssync.source.SyncProperties.class).get();
    }
}
