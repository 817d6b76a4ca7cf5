package io.cfnazure.backup.testbed;

import io.cfnazure.localcloud.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Azurite's Blob service as the local cloud runs it (the local cloud's npm install, its test certificate, HTTPS with
 * {@code --oauth basic}, a free port of 127.0.0.1) but storing blobs on disk under {@code target/}: the local cloud's
 * Azurite keeps them in at most 256 MB of memory, and the copy's tests and benchmark write a 1 GiB blob. To be
 * replaced by a persistence option of the local cloud's AzuriteProcess.
 */
public final class DiskAzurite implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING =
        Pattern.compile("Azurite Blob service successfully listens on https://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path location;
    private final String accountKey;
    private final int port;

    private DiskAzurite(final Process process, final Path location, final String accountKey, final int port) {
        this.process = process;
        this.location = location;
        this.accountKey = accountKey;
        this.port = port;
    }

    public static DiskAzurite start(final String account) {
        final Path executable = localCloudHome().resolve("node_modules").resolve(".bin").resolve("azurite-blob");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("Azurite is not installed (" + executable + "): build local-cloud first");
        }
        final byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        final String accountKey = Base64.getEncoder().encodeToString(key);
        final TestCertificate certificate = TestCertificate.get();
        try {
            final Path servers = Files.createDirectories(
                Path.of(System.getProperty("copyservice.testServers", "target/test-servers")));
            final Path location = Files.createTempDirectory(servers, "azurite-data-");
            final Path log = location.resolveSibling(location.getFileName() + ".log");
            final ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c",
                "\"$@\" & child=$!; read -r _ignored; kill $child 2>/dev/null; wait $child", "azurite",
                executable.toString(), "--blobHost", "127.0.0.1", "--blobPort", "0",
                "--location", location.toAbsolutePath().toString(), "--disableTelemetry", "--skipApiVersionCheck",
                "--cert", certificate.keystore().toString(), "--pwd", certificate.password(), "--oauth", "basic",
                "--silent"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
            builder.environment().put("AZURITE_ACCOUNTS", account + ":" + accountKey);
            final Process process = builder.start();
            final DiskAzurite azurite = new DiskAzurite(process, location, accountKey, awaitPort(process, log));
            Runtime.getRuntime().addShutdownHook(new Thread(azurite::close, "azurite-disk-stop"));
            return azurite;
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot start " + executable, e);
        }
    }

    public int port() {
        return port;
    }

    public String blobEndpoint(final String account) {
        return "https://127.0.0.1:" + port + "/" + account;
    }

    public String accountKey() {
        return accountKey;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (final IOException e) {
                process.destroyForcibly();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(location)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException | UncheckedIOException e) {
            // Left under target/, which the next clean removes.
        }
    }

    /** Where the local cloud's build installed Azurite (its local-cloud.properties). */
    private static Path localCloudHome() {
        try (InputStream in = TestCertificate.class.getResourceAsStream("local-cloud.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-cloud.properties is missing from the class path");
            }
            final Properties properties = new Properties();
            properties.load(in);
            return Path.of(properties.getProperty("home"));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int awaitPort(final Process process, final Path log) throws IOException {
        final Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            final Matcher listening = LISTENING.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited; its output (" + log + "):\n" + Files.readString(log));
            }
            try {
                Thread.sleep(50);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting Azurite", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Azurite did not listen within " + STARTUP_TIMEOUT.toSeconds() + " s");
    }
}
