package io.flinkstream.checkpoint;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The naming rules of {@link SnapshotStore} blobs, compiled, and the parsing of built-in locations. */
final class SnapshotNames {
    static final Pattern TASK_KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}");
    private static final Pattern LOCATION =
            Pattern.compile("chk-(\\d{1,18})/([A-Za-z0-9_-]{1,100}\\.[A-Za-z0-9_.-]{1,100})");
    private static final Pattern SCOPE = Pattern.compile("chk-(\\d{1,18})");

    private SnapshotNames() {
    }

    /** The checkpoint id of a {@code chk-<id>/<file>} location; {@code -1} if the location is not one. */
    static long checkpointIdOf(String location) {
        Matcher m = LOCATION.matcher(location);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The file part of a {@code chk-<id>/<file>} location, or null if the location is not one. */
    static String fileOf(String location) {
        Matcher m = LOCATION.matcher(location);
        return m.matches() ? m.group(2) : null;
    }

    /** The id of a {@code chk-<id>} scope (directory) name; {@code -1} if the name is not one. */
    static long checkpointIdOfScope(String scope) {
        Matcher m = SCOPE.matcher(scope);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
