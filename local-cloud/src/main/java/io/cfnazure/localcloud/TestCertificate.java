package io.cfnazure.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The self-signed certificate of the local HTTPS servers (Azurite, the Entra ID stand-in), valid for 127.0.0.1 and
 * localhost, in {@code target/test-bed/server.p12}. The same file serves as key store for the servers and as trust
 * store for the JVM under test.
 * <p>
 * Several JVMs (test runs, the local runner) share the file while their servers run, so it is replaced only when it
 * nears expiry, under a file lock, and never while still valid.
 */
public final class TestCertificate {

    private static final String PASSWORD = "changeit";
    private static final String TYPE = "PKCS12";
    private static final int VALIDITY_DAYS = 2;
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofDays(1);

    private static TestCertificate instance;

    private final Path keystore;
    private final KeyStore keyStore;

    private TestCertificate(final Path keystore) {
        this.keystore = keystore;
        this.keyStore = load(keystore);
    }

    public static synchronized TestCertificate get() {
        if (instance == null) {
            instance = new TestCertificate(ensureKeystore(TestBedFiles.directory().resolve("server.p12")));
        }
        return instance;
    }

    public Path keystore() {
        return keystore;
    }

    public String password() {
        return PASSWORD;
    }

    /** For the HTTPS stand-ins: presents the certificate. */
    public SSLContext serverSslContext() {
        try {
            final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, PASSWORD.toCharArray());
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the server TLS context from " + keystore, e);
        }
    }

    /** For test clients that should trust the local servers without changing the JVM's default trust store. */
    public SSLContext clientSslContext() {
        try {
            final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the client TLS context from " + keystore, e);
        }
    }

    /**
     * Makes a JVM's default TLS context trust the local servers (and only them). They take effect if set before the
     * JVM first uses TLS, since the default SSLContext is created lazily.
     */
    public Map<String, String> trustStoreSystemProperties() {
        return Map.of(
            "javax.net.ssl.trustStore", keystore.toString(),
            "javax.net.ssl.trustStorePassword", PASSWORD,
            "javax.net.ssl.trustStoreType", TYPE);
    }

    private static Path ensureKeystore(final Path keystore) {
        final Path lockFile = keystore.resolveSibling(keystore.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (!Files.exists(keystore) || expiresSoon(keystore)) {
                final Path fresh = keystore.resolveSibling(keystore.getFileName() + ".new");
                Files.deleteIfExists(fresh);
                generate(fresh);
                Files.move(fresh, keystore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return keystore;
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create the test certificate " + keystore, e);
        }
    }

    private static boolean expiresSoon(final Path keystore) {
        try {
            final KeyStore store = load(keystore);
            for (final String alias : Collections.list(store.aliases())) {
                final X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
                if (certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE_EXPIRY))) {
                    return false;
                }
            }
            return true;
        } catch (final GeneralSecurityException | IllegalStateException e) {
            return true;
        }
    }

    private static void generate(final Path keystore) throws IOException {
        final Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        final Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair",
            "-alias", "server", "-storetype", TYPE, "-keystore", keystore.toString(),
            "-storepass", PASSWORD, "-keypass", PASSWORD, "-keyalg", "RSA", "-keysize", "2048",
            "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
            "-validity", String.valueOf(VALIDITY_DAYS)))
            .redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool failed to create " + keystore + ":\n" + output);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while creating " + keystore, e);
        }
    }

    private static KeyStore load(final Path keystore) {
        try (InputStream in = Files.newInputStream(keystore)) {
            final KeyStore store = KeyStore.getInstance(TYPE);
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (final IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the test key store " + keystore, e);
        }
    }
}
