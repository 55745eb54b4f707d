package io.flinkstream.api;

import com.typesafe.config.Config;

import java.util.Map;

/**
 * Reads the state backend from configuration:
 *
 * <pre>
 * flinkstream.state {
 *   backend = memory            # memory | fs
 *   checkpoints-dir = ""        # required for fs: a path or file: URI on storage every node mounts
 *   memory.max-size = 5 MiB     # the memory backend's limit per checkpoint
 * }
 * </pre>
 *
 * <p>A backend set in code ({@code env.setStateBackend(...)}) overrides this.
 */
public final class StateBackends {
    private static final String PREFIX = "flinkstream.state.";

    private static final Map<String, String> KINDS = Map.of(
            "memory", "memory", "jobmanager", "memory",
            "fs", "fs", "filesystem", "fs");

    private StateBackends() {
    }

    /**
     * The backend {@code flinkstream.state} describes.
     *
     * @throws com.typesafe.config.ConfigException.BadValue naming the key's path and what is allowed, if a value is
     *     invalid, including a missing or blank {@code checkpoints-dir} when {@code backend = fs}
     */
    public static StateBackend fromConfig(Config config) {
        String kind = ConfigValues.oneOf(config, PREFIX + "backend", KINDS, "memory or fs");
        if (kind.equals("memory")) {
            int maxSize = (int) ConfigValues.bytes(config, PREFIX + "memory.max-size", 1, Integer.MAX_VALUE);
            return new MemoryStateBackend(maxSize);
        }
        String dirPath = PREFIX + "checkpoints-dir";
        String allowed = "must be a directory (a path or file: URI) when flinkstream.state.backend = fs";
        if (!config.hasPath(dirPath)) {
            throw ConfigValues.bad(config, dirPath, allowed);
        }
        String dir;
        try {
            dir = config.getString(dirPath);
        } catch (com.typesafe.config.ConfigException.WrongType e) {
            throw ConfigValues.bad(config, dirPath, allowed);
        }
        if (dir.isBlank()) {
            throw ConfigValues.bad(config, dirPath, allowed);
        }
        try {
            return new FsStateBackend(dir);
        } catch (IllegalArgumentException e) {
            throw ConfigValues.bad(config, dirPath, allowed + " (" + e.getMessage() + ")");
        }
    }
}
