package io.flinkstream.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The class loader of users' job classes on a node, as Flink's {@code lib/}: every {@code *.jar} in the lib folder
 * (in name order) and every entry of {@code flinkstream.node.classpath}, in front of FlinkStream's own class loader
 * as parent. So a job jar is deployed by copying it into {@code lib/} of every node and restarting them, without
 * rebuilding FlinkStream. FlinkStream's classes and Akka's always come from the parent (parent-first): a job jar
 * that bundles its own copy of them does not replace them.
 */
final class UserCodeClassLoader {
    private static final Logger LOG = LoggerFactory.getLogger(UserCodeClassLoader.class);

    private UserCodeClassLoader() {
    }

    /**
     * @return the parent itself when there is nothing to add, else a loader over the lib jars and class path
     * @throws NodeStartException when a configured lib folder or class path entry is missing, or a jar cannot be
     *     read, naming the path
     */
    static ClassLoader create(ClusterNodeSettings settings, ClassLoader parent) {
        List<Path> entries = new ArrayList<>(libJars(settings.libDir(), settings.libDirConfigured()));
        for (Path entry : settings.classpath()) {
            if (!Files.exists(entry)) {
                throw new NodeStartException("flinkstream.node.classpath lists " + entry + ", which does not "
                        + "exist: fix the path, or remove it from the setting (or from --classpath)");
            }
            if (Files.isRegularFile(entry)) {
                checkJar(entry, "flinkstream.node.classpath");
            }
            entries.add(entry);
        }
        if (entries.isEmpty()) {
            LOG.info("No job jars: {} is absent or empty and flinkstream.node.classpath is empty; jobs use "
                    + "classes of the node's own class path", settings.libDir());
            return parent;
        }
        LOG.info("Job classes are loaded from {}", entries);
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = entries.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new NodeStartException("Cannot use " + entries.get(i) + " as a class path entry: "
                        + e.getMessage(), e);
            }
        }
        return new URLClassLoader("flinkstream-user-code", urls, parent);
    }

    /** Closes the jars of a loader {@link #create} made (not the parent it may have returned). */
    static void close(ClassLoader loader) {
        if (loader instanceof URLClassLoader urls && "flinkstream-user-code".equals(urls.getName())) {
            try {
                urls.close();
            } catch (IOException e) {
                LOG.debug("Could not close the job jars", e);
            }
        }
    }

    private static List<Path> libJars(Path libDir, boolean configured) {
        if (!Files.isDirectory(libDir)) {
            if (configured) {
                throw new NodeStartException("flinkstream.node.lib-dir is " + libDir + ", which is not a folder: "
                        + "create it and put the job jars in it, or point the setting at the folder that has them");
            }
            return List.of();
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(libDir)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new NodeStartException("Cannot list the lib folder " + libDir + " (flinkstream.node.lib-dir): "
                    + e.getMessage() + "; check its permissions", e);
        }
        for (Path jar : jars) {
            checkJar(jar, "the lib folder " + libDir);
        }
        return jars;
    }

    private static void checkJar(Path jar, String where) {
        if (!Files.isReadable(jar)) {
            throw new NodeStartException("The job jar " + jar + " (from " + where + ") cannot be read: check its "
                    + "permissions, or remove it");
        }
        try (JarFile ignored = new JarFile(jar.toFile())) {
            // Opening reads the central directory: a truncated or non-jar file fails here, not at the first job.
        } catch (IOException e) {
            throw new NodeStartException("The job jar " + jar + " (from " + where + ") is not a readable jar ("
                    + e.getMessage() + "): rebuild or copy it again, or remove it", e);
        }
    }
}
