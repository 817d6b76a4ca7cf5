package io.cfnazure.backup.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Adobe S3Mock (the runnable jar the build copies to {@code target/test-servers/s3mock.jar}) as a child JVM on a free
 * port of 127.0.0.1, storing objects in its own folder under {@code target/}. It speaks S3's REST API with user
 * metadata, content headers, conditional requests (If-Match), multipart uploads and S3's additional checksums, which
 * is what the copy relies on; it does not check signatures and sends no event notifications (the tests build those
 * as S3 would).
 */
public final class S3MockServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    /**
     * The one KMS key S3Mock knows, by the id requests name it with, for objects stored with SSE-KMS (S3Mock then
     * salts their ETag with it, so that it is no MD5 of their bytes, as in S3).
     */
    public static final String KMS_KEY_ID = "0b0c2bb5-4b3e-4c8a-9d4e-4c4d6a7e0f11";
    private static final Pattern STARTED = Pattern.compile("Tomcat started on ports? (\\d+) \\(https\\), (\\d+) \\(http\\)");

    private final Process process;
    private final Path root;
    private final int port;

    private S3MockServer(final Process process, final Path root, final int port) {
        this.process = process;
        this.root = root;
        this.port = port;
    }

    public static S3MockServer start() {
        final Path servers = Path.of(System.getProperty("copyservice.testServers", "target/test-servers"));
        final Path jar = servers.resolve("s3mock.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock is missing (" + jar.toAbsolutePath() + "): build the copy service "
                + "with Maven first (mvn -f backup/copy-service test-compile), which copies it there");
        }
        try {
            final Path root = Files.createTempDirectory(Files.createDirectories(servers), "s3mock-data-");
            final Path log = root.resolveSibling(root.getFileName() + ".log");
            final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toAbsolutePath().toString(),
                "--server.port=0", "--http.port=0",
                "--com.adobe.testing.s3mock.store.root=" + root.toAbsolutePath(),
                "--com.adobe.testing.s3mock.max-payload-size=100MB",
                "--com.adobe.testing.s3mock.store.valid-kms-keys=arn:aws:kms:us-east-1:123456789012:key/" + KMS_KEY_ID,
                // S3Mock streams GET bodies asynchronously, and Spring cuts such a response at 30 s by default: a
                // 1 GiB read on a busy machine takes longer, and S3 itself sets no such limit.
                "--spring.mvc.async.request-timeout=3600000",
                "--spring.main.banner-mode=off"));
            // The shell ends S3Mock when this JVM's end closes its standard input, even if this JVM is killed.
            final List<String> watched = new ArrayList<>(List.of("/bin/sh", "-c",
                "\"$@\" & child=$!; read -r _ignored; kill $child 2>/dev/null; wait $child", "s3mock"));
            watched.addAll(command);
            final Process process = new ProcessBuilder(watched)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            final S3MockServer server = new S3MockServer(process, root, awaitPort(process, log));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3mock-stop"));
            return server;
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot start S3Mock from " + jar, e);
        }
    }

    /** The S3 endpoint, for the AWS SDK's {@code aws.endpointUrlS3} setting (an IP address: path-style requests). */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * A client for tests to arrange and inspect objects, independent of the function's. No aws-chunked uploads (the
     * SDK's choice over plain HTTP, and for checksum trailers): S3Mock would keep "aws-chunked" in the stored
     * Content-Encoding, where S3 removes it. A test that wants an S3 checksum passes its value.
     */
    public S3Client client() {
        return S3Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create(endpoint()))
            .forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .build();
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
        deleteQuietly(root);
    }

    private static int awaitPort(final Process process, final Path log) {
        final Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            final Matcher started = STARTED.matcher(read(log));
            if (started.find()) {
                return Integer.parseInt(started.group(2));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited; its output (" + log + "):\n" + read(log));
            }
            try {
                Thread.sleep(100);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting S3Mock", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Mock did not start within " + STARTUP_TIMEOUT.toSeconds() + " s; its output ("
            + log + "):\n" + read(log));
    }

    private static String read(final Path log) {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(final Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException | UncheckedIOException e) {
            // Left under target/, which the next clean removes.
        }
    }
}
