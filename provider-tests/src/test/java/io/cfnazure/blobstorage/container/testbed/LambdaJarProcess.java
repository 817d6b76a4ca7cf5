package io.cfnazure.blobstorage.container.testbed;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The provider's Lambda jar in a JVM of its own, started as Lambda starts one: the jar alone on the class path,
 * Lambda's JVM flags, a private java.io.tmpdir (the wrapper empties it on every invocation), and an environment with
 * no AWS credentials, profile or configuration, so that the handler can only use the caller credentials of the
 * request. Inside, {@code lambda-jar/LambdaRuntimeStandIn.java} plays the Lambda runtime. As a
 * {@link RequestStreamHandler} it forwards each invocation there: the request and the remaining time go in, the
 * Lambda log lines come back to the caller's Context logger and the response to its output stream. The JVM's stdout and
 * stderr (where the libraries log, as in Lambda's log) are kept in files under the work directory.
 */
public final class LambdaJarProcess implements RequestStreamHandler, AutoCloseable {

    /** The flags of Lambda's Java runtimes: C1 only, for a short start. */
    private static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    private static final String RUNTIME_SOURCE = "lambda-jar/LambdaRuntimeStandIn.java";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final Socket connection;
    private final DataOutputStream requests;
    private final DataInputStream answers;

    private LambdaJarProcess(final Process process, final Path stdout, final Path stderr, final Socket connection)
        throws IOException {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.connection = connection;
        this.requests = new DataOutputStream(new BufferedOutputStream(connection.getOutputStream()));
        this.answers = new DataInputStream(new BufferedInputStream(connection.getInputStream()));
    }

    /**
     * @param jar              the Lambda jar
     * @param entrypoint       {@code class::method}, as the function's Handler setting names it
     * @param systemProperties passed as -D flags, e.g. the local cloud's endpoints
     * @param workDir          under target/: gets the JVM's tmpdir, its empty HOME and its stdout and stderr
     */
    public static LambdaJarProcess start(final Path jar, final String entrypoint,
                                         final Map<String, String> systemProperties, final Path workDir)
        throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The Lambda jar " + jar.toAbsolutePath().normalize() + " is missing: "
                + "build the provider first (mvn -f .. package, or mvn -f all verify)");
        }
        final Path tmpdir = Files.createDirectories(workDir.resolve("tmp"));
        final Path home = Files.createDirectories(workDir.resolve("home"));
        final Path stdout = workDir.resolve("stdout.log");
        final Path stderr = workDir.resolve("stderr.log");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(LAMBDA_JVM_FLAGS);
            command.add("-Djava.io.tmpdir=" + tmpdir.toAbsolutePath());
            // Without ambient credentials the SDK would otherwise end its search at the instance metadata service.
            command.add("-Daws.disableEc2Metadata=true");
            systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
            command.addAll(List.of("-cp", jar.toAbsolutePath().toString(), runtimeSource(workDir).toString(),
                Integer.toString(listener.getLocalPort()), entrypoint));
            final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
            // Nothing of this machine's environment: no AWS_* credentials, JAVA_TOOL_OPTIONS or CLASSPATH.
            builder.environment().clear();
            builder.environment().put("HOME", home.toAbsolutePath().toString());
            builder.environment().put("AWS_CONFIG_FILE", home.resolve("config").toAbsolutePath().toString());
            builder.environment().put("AWS_SHARED_CREDENTIALS_FILE",
                home.resolve("credentials").toAbsolutePath().toString());
            final Process process = builder.start();
            return new LambdaJarProcess(process, stdout, stderr, accept(listener, process, stderr));
        }
    }

    /** Sends one invocation to the JVM and waits for its response, relaying its Lambda log lines as they come. */
    @Override
    public void handleRequest(final InputStream input, final OutputStream output, final Context context)
        throws IOException {
        final byte[] request = input.readAllBytes();
        requests.writeLong(context.getRemainingTimeInMillis());
        requests.writeUTF(context.getAwsRequestId());
        requests.writeInt(request.length);
        requests.write(request);
        requests.flush();
        while (true) {
            final int kind;
            final byte[] bytes;
            try {
                kind = answers.readByte();
                bytes = answers.readNBytes(answers.readInt());
            } catch (final IOException e) {
                throw new IOException("The Lambda JVM stopped without answering. Its stderr:\n" + stderr(), e);
            }
            if (kind == 'R') {
                output.write(bytes);
                return;
            }
            context.getLogger().log(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** This JVM as an entry point that also keeps every response, IN_PROGRESS ones included, e.g. to scan them. */
    public RequestStreamHandler keepingResponsesIn(final StringBuffer responses) {
        return (in, out, context) -> {
            final ByteArrayOutputStream response = new ByteArrayOutputStream();
            handleRequest(in, response, context);
            responses.append(response.toString(StandardCharsets.UTF_8)).append('\n');
            response.writeTo(out);
        };
    }

    /** What the JVM wrote to stdout and stderr so far: the libraries' logs, as they would reach Lambda's log. */
    public String output() {
        return read(stdout) + read(stderr);
    }

    public String stderr() {
        return read(stderr);
    }

    /** The JVM's exit code, once {@link #close()} has ended it. */
    public int exitCode() {
        try {
            return process.exitValue();
        } catch (final IllegalThreadStateException e) {
            throw new IllegalStateException("The Lambda JVM is still running; close it first", e);
        }
    }

    /** Closes the connection, which ends the JVM; destroys it if it does not end within a few seconds. */
    @Override
    public void close() throws IOException, InterruptedException {
        connection.close();
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Waits for the JVM to connect, or fails with its stderr as soon as it dies (e.g. a class the jar lacks). */
    private static Socket accept(final ServerSocket listener, final Process process, final Path stderr)
        throws IOException {
        final Instant deadline = Instant.now().plus(START_TIMEOUT);
        listener.setSoTimeout(200);
        while (true) {
            try {
                return listener.accept();
            } catch (final SocketTimeoutException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The Lambda JVM exited (" + process.exitValue() + ") before its "
                        + "runtime connected. Its stderr:\n" + read(stderr), e);
                }
                if (Instant.now().isAfter(deadline)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("The Lambda JVM did not connect within " + START_TIMEOUT
                        + ". Its stderr:\n" + read(stderr), e);
                }
            }
        }
    }

    /**
     * The runtime's source, copied into the work directory: the test class path may hold it in a jar (another unit's
     * tests use this class from provider-tests' test jar), and the java launcher runs a source file.
     */
    private static Path runtimeSource(final Path workDir) throws IOException {
        final Path source = workDir.resolve(Path.of(RUNTIME_SOURCE).getFileName());
        try (InputStream in = LambdaJarProcess.class.getClassLoader().getResourceAsStream(RUNTIME_SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RUNTIME_SOURCE + " is not on the test class path");
            }
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        return source;
    }

    private static String read(final Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
