package io.cfnazure.localcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Azurite's Blob service (the npm package of package.json) as a child process: HTTPS with the {@link TestCertificate},
 * OAuth bearer tokens checked for issuer, audience and lifetime ({@code --oauth basic}), storage in memory (or on disk,
 * {@link #startOnDisk}), on a free port of 127.0.0.1, with the given account names. Addresses are path-style:
 * {@code https://127.0.0.1:PORT/{account}/{container}}.
 */
public final class AzuriteProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    /**
     * Preloaded into Azurite's node: exits when standard input closes, that is when the JVM that started it dies.
     * A JVM killed outright (a Surefire fork timeout, SIGKILL) runs no shutdown hook and would leave Azurite behind.
     */
    private static final String PARENT_WATCHDOG =
        "process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume();\n";
    private static final Pattern LISTENING =
        Pattern.compile("Azurite Blob service successfully listens on https://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final Map<String, String> accountKeys;
    private final int port;
    /** Where blobs are stored, removed on close; null in memory. */
    private final Path dataDirectory;

    private AzuriteProcess(final Process process, final Path log, final Map<String, String> accountKeys,
                           final int port, final Path dataDirectory) {
        this.process = process;
        this.log = log;
        this.accountKeys = accountKeys;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /** Blobs in at most 256 MB of memory: fast, and nothing left behind. */
    public static AzuriteProcess start(final List<String> accountNames) {
        return start(accountNames, false);
    }

    /** Blobs on disk, under local-cloud/target/test-bed until closed: for blobs larger than memory storage takes. */
    public static AzuriteProcess startOnDisk(final List<String> accountNames) {
        return start(accountNames, true);
    }

    private static AzuriteProcess start(final List<String> accountNames, final boolean onDisk) {
        final Path executable = TestBedFiles.azuriteExecutable();
        final Map<String, String> accountKeys = new LinkedHashMap<>();
        accountNames.forEach(name -> accountKeys.put(name, randomKey()));
        final TestCertificate certificate = TestCertificate.get();
        final Path directory = TestBedFiles.directory();
        try {
            final Path log = Files.createTempFile(directory, "azurite-", ".log");
            final Path dataDirectory = onDisk ? Files.createTempDirectory(directory, "azurite-data-") : null;
            final List<String> storage = onDisk ? List.of("--location", dataDirectory.toString())
                : List.of("--inMemoryPersistence", "--extentMemoryLimit", "256");
            final ProcessBuilder builder = new ProcessBuilder(Stream.of(List.of(executable.toString(),
                "--blobHost", "127.0.0.1", "--blobPort", "0"), storage, List.of(
                "--disableTelemetry",
                // The Java SDK sends a newer service version than Azurite knows.
                "--skipApiVersionCheck",
                "--cert", certificate.keystore().toString(), "--pwd", certificate.password(),
                "--oauth", "basic",
                // No access log: the output holds only start-up, shutdown and errors.
                "--silent")).flatMap(List::stream).toList())
                // Nothing is persisted in memory mode, but anything Azurite might still write lands in target/.
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
            builder.environment().put("NODE_OPTIONS", "--require \"" + watchdog(directory) + "\"");
            builder.environment().put("AZURITE_ACCOUNTS", accountKeys.entrySet().stream()
                .map(account -> account.getKey() + ":" + account.getValue())
                .collect(Collectors.joining(";")));
            final Process process = builder.start();
            try {
                return new AzuriteProcess(process, log, Map.copyOf(accountKeys), awaitPort(process, log),
                    dataDirectory);
            } catch (final RuntimeException e) {
                stop(process);
                throw e;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot start " + executable, e);
        }
    }

    public int port() {
        return port;
    }

    /** The blob endpoint of any account, with an {@code {account}} placeholder. */
    public String blobEndpointTemplate() {
        return "https://127.0.0.1:" + port + "/{account}";
    }

    public String blobEndpoint(final String account) {
        return blobEndpointTemplate().replace("{account}", account);
    }

    /**
     * The account's shared key, for tests of what Azurite refuses under OAuth but accepts with a shared key
     * (Get/Set Container ACL).
     */
    public String accountKey(final String account) {
        final String key = accountKeys.get(account);
        if (key == null) {
            throw new IllegalArgumentException("Azurite was not started with account " + account);
        }
        return key;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        stop(process);
        if (dataDirectory != null) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (final IOException | UncheckedIOException e) {
                // Left under target/, which the next clean removes.
            }
        }
    }

    /** Stops Azurite and anything it started; the launcher is node itself, but a wrapper script would not be. */
    private static void stop(final Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return;
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static int awaitPort(final Process process, final Path log) {
        final Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            final Matcher listening = LISTENING.matcher(output(log));
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with code " + process.exitValue()
                    + ". Its output (" + log + "):\n" + output(log));
            }
            try {
                Thread.sleep(50);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting Azurite", e);
            }
        }
        throw new IllegalStateException("Azurite did not listen within " + STARTUP_TIMEOUT.toSeconds()
            + " s. Its output (" + log + "):\n" + output(log));
    }

    private static Path watchdog(final Path directory) throws IOException {
        final Path script = directory.resolve("parent-watchdog.js");
        if (!Files.exists(script) || !Files.readString(script).equals(PARENT_WATCHDOG)) {
            // Written aside and moved, so that a concurrent JVM's Azurite never loads half a file.
            final Path draft = Files.createTempFile(directory, "parent-watchdog-", ".js");
            Files.writeString(draft, PARENT_WATCHDOG);
            Files.move(draft, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return script;
    }

    /** Decoded leniently: the log may end in the middle of a character while Azurite writes it. */
    private static String output(final Path log) {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read Azurite's log " + log, e);
        }
    }

    private static String randomKey() {
        final byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
