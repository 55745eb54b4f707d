package io.flinkstream.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Reads checked values from a {@link Config}. Every failure, whether the value has the wrong type or is out of
 * range, is a {@link ConfigException.BadValue} naming the key's path and what is allowed, so that a bad
 * {@code application.conf} fails at start with a message the user can act on.
 */
final class ConfigValues {
    private ConfigValues() {
    }

    /** A duration of at least {@code min}; {@code allowed} describes the valid values for the error message. */
    static Duration duration(Config config, String path, Duration min, String allowed) {
        Duration value;
        try {
            value = config.getDuration(path);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw bad(config, path, allowed);
        }
        if (value.compareTo(min) < 0) {
            throw bad(config, path, allowed);
        }
        return value;
    }

    /** An int of at least {@code min}. */
    static int intAtLeast(Config config, String path, int min) {
        int value;
        try {
            value = config.getInt(path);
        } catch (ConfigException.WrongType e) {
            throw bad(config, path, "must be a whole number of at least " + min);
        }
        if (value < min) {
            throw bad(config, path, "must be a whole number of at least " + min);
        }
        return value;
    }

    /** A double in {@code [min, max]}. */
    static double doubleBetween(Config config, String path, double min, double max) {
        String allowed = "must be a number from " + min + " to " + max;
        double value;
        try {
            value = config.getDouble(path);
        } catch (ConfigException.WrongType e) {
            throw bad(config, path, allowed);
        }
        if (!(value >= min && value <= max)) {
            throw bad(config, path, allowed);
        }
        return value;
    }

    /** {@code true} or {@code false}. */
    static boolean bool(Config config, String path) {
        try {
            return config.getBoolean(path);
        } catch (ConfigException.WrongType e) {
            throw bad(config, path, "must be true or false");
        }
    }

    /** A size in bytes such as {@code 5 MiB}, from {@code min} to {@code max}. */
    static long bytes(Config config, String path, long min, long max) {
        String allowed = "must be a size from " + min + " to " + max + " bytes, such as 512k or 5 MiB";
        long value;
        try {
            value = config.getBytes(path);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw bad(config, path, allowed);
        }
        if (value < min || value > max) {
            throw bad(config, path, allowed);
        }
        return value;
    }

    /**
     * One of the keys of {@code choices}, compared case-insensitively. The message lists {@code canonical}, which
     * need not mention every alias the map accepts.
     */
    static <T> T oneOf(Config config, String path, Map<String, T> choices, String canonical) {
        String allowed = "must be one of " + canonical;
        String text;
        try {
            text = config.getString(path);
        } catch (ConfigException.WrongType e) {
            throw bad(config, path, allowed);
        }
        T value = choices.get(text.trim().toLowerCase(Locale.ROOT));
        if (value == null) {
            throw bad(config, path, allowed);
        }
        return value;
    }

    /**
     * A {@link ConfigException.BadValue} for {@code path}: {@code allowed} followed by the value found. Its origin
     * is the value's own (file and line) when the value exists.
     */
    static ConfigException.BadValue bad(Config config, String path, String allowed) {
        if (!config.hasPath(path)) {
            return new ConfigException.BadValue(config.origin(), path, allowed + ", but it is not set");
        }
        ConfigValue value = config.getValue(path);
        String found = "'" + value.unwrapped() + "'";
        return new ConfigException.BadValue(value.origin(), path, allowed + ", was " + found);
    }
}
