package io.flinkstream.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that every setting under {@code flinkstream.} is one FlinkStream knows — those of its {@code reference.conf},
 * plus the few it reads without a default — so that a misspelt key ({@code checkpointing.intervall}) fails at start,
 * naming the nearest known key, instead of being ignored while the job runs without checkpoints. The dispatcher
 * sections take any Akka dispatcher setting and are not checked inside.
 */
public final class SettingNames {
    /** Sections whose contents are Akka's to check, not FlinkStream's. */
    private static final Set<String> OPEN_SECTIONS = Set.of("flinkstream.snapshot-dispatcher",
            "flinkstream.task-dispatcher");
    /** Settings read when present but without a default in reference.conf. */
    private static final Set<String> OPTIONAL = Set.of("flinkstream.restart-strategy.type");

    private static final Set<String> KNOWN = known();

    private SettingNames() {
    }

    private static Set<String> known() {
        Set<String> keys = new TreeSet<>(OPTIONAL);
        Config reference = ConfigFactory.defaultReference().getConfig("flinkstream");
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            keys.add("flinkstream." + entry.getKey());
        }
        return keys;
    }

    /**
     * @throws ConfigException.BadPath for the first unknown {@code flinkstream.*} key, naming where it was set and
     *     the nearest known key
     */
    public static void check(Config config) {
        if (!config.hasPath("flinkstream")) {
            return;
        }
        for (Map.Entry<String, ConfigValue> entry : config.getConfig("flinkstream").entrySet()) {
            String path = "flinkstream." + entry.getKey();
            if (KNOWN.contains(path) || inOpenSection(path)) {
                continue;
            }
            String origin = entry.getValue().origin() == null ? "" : " (set in "
                    + entry.getValue().origin().description() + ")";
            throw new ConfigException.BadPath(path, "'" + path + "' is not a FlinkStream setting" + origin
                    + ": did you mean '" + nearest(path) + "'? docs/configuration.md lists every flinkstream.* "
                    + "setting");
        }
    }

    private static boolean inOpenSection(String path) {
        for (String section : OPEN_SECTIONS) {
            if (path.startsWith(section + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The known key closest to {@code path} by edit distance. */
    static String nearest(String path) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String key : KNOWN) {
            int d = distance(path, key);
            if (d < bestDistance) {
                best = key;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
