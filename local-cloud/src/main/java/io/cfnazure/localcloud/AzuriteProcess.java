package io.cfnazure.localcloud;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Azurite's Blob service (the npm package of package.json) as a child process: HTTPS with the {@link TestCertificate},
 * OAuth bearer tokens checked for issuer, audience and lifetime ({@code --oauth basic}), storage in memory (or on disk,
 * {@link #startOnDisk}), on a free port of 127.0.0.1, with the given account names and those {@link #addAccount added}
 * while it runs. Addresses are path-style:
 * {@code https://127.0.0.1:PORT/{account}/{container}}.
 */
public final class AzuriteProcess implements AutoCloseable {

    private static final HttpClient HTTP_CLIENT = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
        .sslContext(TestCertificate.get().clientSslContext()))
        .build();
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ACCOUNT_CHANGE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Preloaded into Azurite's node: it exits when standard input closes (the JVM that started Azurite died), and
     * adds and removes accounts on request ({@link #addAccount}), which Azurite itself can do only at start.
     */
    private static final String PRELOAD = "azurite-preload.js";
    private static final Pattern LISTENING =
        Pattern.compile("Azurite Blob service successfully listens on https://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    /** The accounts declared at start and those added since, to their keys. */
    private final Map<String, String> accountKeys;
    /** {@link #serviceClient}s by account and key: an account removed and added again has a new key. */
    private final Map<String, BlobServiceClient> serviceClients = new ConcurrentHashMap<>();
    private final int port;
    /** Where blobs are stored, removed on close; null in memory. */
    private final Path dataDirectory;
    /** Numbers the account changes sent to the preload script, whose answers name them. */
    private int accountChanges;

    private AzuriteProcess(final Process process, final Path log, final Map<String, String> accountKeys,
                           final int port, final Path dataDirectory) {
        this.process = process;
        this.log = log;
        this.accountKeys = new ConcurrentHashMap<>(accountKeys);
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
            builder.environment().put("NODE_OPTIONS", "--require \"" + preload(directory) + "\"");
            builder.environment().put("AZURITE_ACCOUNTS", accountKeys.entrySet().stream()
                .map(account -> account.getKey() + ":" + account.getValue())
                .collect(Collectors.joining(";")));
            final Process process = builder.start();
            try {
                return new AzuriteProcess(process, log, accountKeys, awaitPort(process, log),
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

    /**
     * A real Azure SDK client of the account with its shared key, whatever the JVM's trust store: what the local
     * cloud's own parts use to read and arrange an account's data besides the caller's requests.
     */
    public BlobServiceClient serviceClient(final String account) {
        final String key = accountKey(account);
        return serviceClients.computeIfAbsent(account + ":" + key, name -> new BlobServiceClientBuilder()
            .endpoint(blobEndpoint(account))
            .credential(new StorageSharedKeyCredential(account, key))
            .httpClient(HTTP_CLIENT)
            .buildClient());
    }

    /**
     * Declares a storage account with a new key in the running Azurite, as AZURITE_ACCOUNTS does at start: the
     * accounts the Azure Resource Manager stand-in creates. Returns once Azurite serves it.
     */
    public void addAccount(final String account) {
        final String key = randomKey();
        changeAccounts("add " + account + " " + key);
        accountKeys.put(account, key);
    }

    /**
     * Forgets an account {@link #addAccount added} at run time: Azurite then answers its requests 404, as Azure's DNS
     * stops resolving a deleted account. Its containers stay in Azurite's store; delete them first.
     */
    public void removeAccount(final String account) {
        accountKeys.remove(account);
        changeAccounts("remove " + account);
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

    /** Sends one change to the preload script and waits until it says the change is live. */
    private synchronized void changeAccounts(final String change) {
        final int id = ++accountChanges;
        final Pattern answer = Pattern.compile("^cfnazure-accounts " + id + " (done|failed .*)$", Pattern.MULTILINE);
        try {
            final OutputStream commands = process.getOutputStream();
            commands.write((id + " " + change + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot reach Azurite to " + change.split(" ")[0] + " an account", e);
        }
        final Instant deadline = Instant.now().plus(ACCOUNT_CHANGE_TIMEOUT);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            final Matcher answered = answer.matcher(output(log));
            if (answered.find()) {
                if (!"done".equals(answered.group(1))) {
                    throw new IllegalStateException("Azurite refused to change its accounts ("
                        + answered.group(1) + "): " + PRELOAD + " no longer fits this Azurite version");
                }
                return;
            }
            try {
                Thread.sleep(10);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while changing Azurite's accounts", e);
            }
        }
        throw new IllegalStateException("Azurite did not confirm an account change within "
            + ACCOUNT_CHANGE_TIMEOUT.toSeconds() + " s. Its output (" + log + "):\n" + output(log));
    }

    private static Path preload(final Path directory) throws IOException {
        final String text;
        try (InputStream in = AzuriteProcess.class.getResourceAsStream(PRELOAD)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final Path script = directory.resolve(PRELOAD);
        if (!Files.exists(script) || !Files.readString(script).equals(text)) {
            // Written aside and moved, so that a concurrent JVM's Azurite never loads half a file.
            final Path draft = Files.createTempFile(directory, "azurite-preload-", ".js");
            Files.writeString(draft, text);
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
