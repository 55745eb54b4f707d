package io.flinkstream.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A key store with a fresh self-signed certificate and a trust store trusting it, made with the JDK's
 * {@code keytool} as docs/deployment.md shows; every node of a test cluster gets the same pair.
 *
 * @param keyStore PKCS12 key store with the node's key and certificate
 * @param trustStore PKCS12 trust store with that certificate
 * @param password both stores' password (and the key's)
 */
record TlsKeys(Path keyStore, Path trustStore, String password) {

    /** Generates a new pair in {@code dir}; {@code name} becomes the certificate's CN and the files' prefix. */
    static TlsKeys generate(Path dir, String name) throws IOException, InterruptedException {
        String password = "pw-" + name + "-" + System.nanoTime();
        Path keyStore = dir.resolve(name + "-keystore.p12");
        Path certificate = dir.resolve(name + ".crt");
        Path trustStore = dir.resolve(name + "-truststore.p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + name, "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", name, "-keystore", keyStore.toString(), "-storepass", password,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", password);
        return new TlsKeys(keyStore, trustStore, password);
    }

    /** The Artery settings of a node using these stores. */
    String arteryConfig() {
        return """
                akka.remote.artery.transport = tls-tcp
                akka.remote.artery.ssl.config-ssl-engine {
                  key-store = "%s"
                  key-store-password = "%s"
                  key-password = "%s"
                  trust-store = "%s"
                  trust-store-password = "%s"
                  protocol = "TLSv1.3"
                  enabled-algorithms = ["TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"]
                  require-mutual-authentication = on
                }
                """.formatted(keyStore, password, password, trustStore, password);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish within 60 s: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (" + process.exitValue() + "): " + command + "\n" + output);
        }
    }
}
