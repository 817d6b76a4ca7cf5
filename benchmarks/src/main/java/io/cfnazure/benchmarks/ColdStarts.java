package io.cfnazure.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.localcloud.LocalCloud;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * Cold Create: a new JVM per run, as Lambda starts one, running a type's packaged jar (in each sign-in mode) or its
 * do-nothing jar through {@link LambdaRuntimeStandIn}, interleaved (A B C, then B C A) so that the machine's drift
 * falls on all alike. Each run's figures are compared with those of its type's do-nothing jar in the same round.
 */
final class ColdStarts {

    /**
     * Lambda's JVM options for java17 (JIT stops at C1), and the collector the JVM itself picks in a 512 MB
     * function (serial: below 1,792 MB it is not a "server-class machine").
     */
    static final List<String> LAMBDA_JVM_OPTIONS =
        List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final String AWS_SDK_SERVICES = "software.amazon.awssdk.services.";

    /**
     * One cold JVM: time from process start to the response, the runtime's own phases, its sign-in requests, and the
     * response's status.
     */
    record Run(double toResponseMillis, double cpuMillis, double loadMillis, double constructMillis,
               double invokeMillis, RoundTrips roundTrips, String status) {
    }

    /** The figures of one jar over all runs. */
    static final class Figures {
        final Samples toResponse = new Samples();
        final Samples cpu = new Samples();
        final Samples load = new Samples();
        final Samples construct = new Samples();
        final Samples invoke = new Samples();
        final Samples secretReads = new Samples();
        final Samples stsTokens = new Samples();
        final Samples entraTokens = new Samples();
        Map<String, Integer> classesByPackage = Map.of();
        /** How many runs answered each status (SUCCESS, IN_PROGRESS). */
        final Map<String, Integer> statuses = new TreeMap<>();

        void add(final Run run) {
            toResponse.add(run.toResponseMillis());
            cpu.add(run.cpuMillis());
            load.add(run.loadMillis());
            construct.add(run.constructMillis());
            invoke.add(run.invokeMillis());
            secretReads.add(run.roundTrips().secretReads());
            stsTokens.add(run.roundTrips().stsTokens());
            entraTokens.add(run.roundTrips().entraTokens());
            statuses.merge(run.status(), 1, Integer::sum);
        }

        int classesLoaded() {
            return classesByPackage.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** What a jar is to the benchmark. */
    enum Kind { PACKAGED, DO_NOTHING, COMPARED }

    /**
     * A type's jar and its handler class, as Lambda would be configured with them, and how the requests sign in (the
     * do-nothing handler ignores it).
     */
    record Variant(String name, ResourceType type, Path jar, Kind kind, SignIn signIn) {

        String handler() {
            return kind == Kind.DO_NOTHING ? type.doNothingHandler : type.handler;
        }
    }

    private final LocalCloud cloud;
    private final String runtimeClassPath;
    private final Path workDirectory;
    private final Path tmpdir;
    /**
     * Per type, its packaged jar in each sign-in mode and its do-nothing jar; then any jars to compare with (an earlier
     * build of the container type).
     */
    final List<Variant> variants;
    final Map<Variant, Figures> figures = new LinkedHashMap<>();
    /** Each counted round's runs. */
    private final List<Map<Variant, Run>> rounds = new ArrayList<>();
    /** Each type's schema, from its packaged jar: what CloudFormation's requests are made with. */
    private final Map<ResourceType, ResourceTypeSchema> schemas = new EnumMap<>(ResourceType.class);

    ColdStarts(final LocalCloud cloud, final List<Variant> variants, final String runtimeClassPath,
               final Path workDirectory) {
        this.cloud = cloud;
        this.variants = List.copyOf(variants);
        this.runtimeClassPath = runtimeClassPath;
        this.workDirectory = workDirectory;
        // Beside this JVM's own private tmpdir (under target/), never the machine's /tmp.
        this.tmpdir = Path.of(System.getProperty("java.io.tmpdir")).resolveSibling("cold-tmp");
        variants.forEach(variant -> figures.put(variant, new Figures()));
        variants.stream().filter(variant -> variant.kind() == Kind.PACKAGED).forEach(variant ->
            schemas.computeIfAbsent(variant.type(), type -> Requests.schemaIn(variant.jar(), type.schemaFile)));
    }

    /** The type's packaged jar signing in this way, or null if this run does not start it. */
    Variant packaged(final ResourceType type, final SignIn signIn) {
        return variants.stream().filter(v -> v.type() == type && v.kind() == Kind.PACKAGED && v.signIn() == signIn)
            .findFirst().orElse(null);
    }

    /** The type's do-nothing jar, or null if this run does not start the type. */
    Variant doNothing(final ResourceType type) {
        return variants.stream().filter(v -> v.type() == type && v.kind() == Kind.DO_NOTHING)
            .findFirst().orElse(null);
    }

    /** {@code variant}'s figure over {@code baseline}'s in the same round, round by round. */
    Samples ratios(final Variant variant, final Variant baseline, final ToDoubleFunction<Run> figure) {
        final Samples ratios = new Samples();
        rounds.forEach(runs -> ratios.add(figure.applyAsDouble(runs.get(variant))
            / figure.applyAsDouble(runs.get(baseline))));
        return ratios;
    }

    void run(final int rounds) throws IOException, InterruptedException {
        Files.createDirectories(tmpdir);
        // One of each first, not counted: the page cache then holds every jar and the JDK for every counted run.
        for (final Variant variant : variants) {
            coldCreate(variant, List.of());
        }
        for (int round = 0; round < rounds; round++) {
            // Each round starts with the next variant, so that none always follows the same one.
            final Map<Variant, Run> runs = new LinkedHashMap<>();
            for (int i = 0; i < variants.size(); i++) {
                final Variant variant = variants.get((round + i) % variants.size());
                runs.put(variant, coldCreate(variant, List.of()));
            }
            this.rounds.add(runs);
            final StringBuilder line = new StringBuilder(String.format("cold round %d/%d:", round + 1, rounds));
            for (final Variant variant : variants) {
                final Run run = runs.get(variant);
                figures.get(variant).add(run);
                line.append(String.format(" %s %.0f ms (CPU %.0f ms);", variant.name(), run.toResponseMillis(),
                    run.cpuMillis()));
            }
            System.out.println(line);
        }
        // Where the time goes: which classes each JVM loads (an extra run each, not timed: logging slows it).
        for (final Variant variant : variants) {
            figures.get(variant).classesByPackage = classesLoaded(variant);
        }
    }

    private Map<String, Integer> classesLoaded(final Variant variant) throws IOException, InterruptedException {
        final Path log = workDirectory.resolve("classes-" + variant.name() + ".log");
        Files.deleteIfExists(log);
        coldCreate(variant, List.of("-Xlog:class+load=info:file=" + log));
        final Map<String, Integer> byPackage = new TreeMap<>();
        try (Stream<String> lines = Files.lines(log)) {
            lines.map(ColdStarts::loadedClass).filter(c -> c != null)
                .forEach(c -> byPackage.merge(packageGroup(c), 1, Integer::sum));
        }
        return byPackage;
    }

    /** "[0.010s][info][class,load] java.lang.Object source: shared objects file" gives java.lang.Object. */
    private static String loadedClass(final String line) {
        final int start = line.indexOf("] ");
        final int end = line.indexOf(" source:");
        return start < 0 || end < start ? null : line.substring(start + 2, end);
    }

    /**
     * The JDK as one group; each AWS SDK service client by its own (e.g. software.amazon.awssdk.services.sts); other
     * classes by their first three package names (e.g. com.azure.core).
     */
    static String packageGroup(final String className) {
        if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
            || className.startsWith("sun.") || className.startsWith("com.sun.")) {
            return "JDK";
        }
        final String[] parts = className.split("\\.");
        final int depth = Math.min(className.startsWith(AWS_SDK_SERVICES) ? 5 : 3, parts.length - 1);
        return depth <= 0 ? "(default package)" : String.join(".", List.of(parts).subList(0, depth));
    }

    /**
     * The first invocation of a Create of a new resource of the variant's type, in a new JVM. A container is removed
     * afterwards, outside the timing; an account stays in the local cloud, which ends with the benchmark.
     */
    private Run coldCreate(final Variant variant, final List<String> extraOptions)
        throws IOException, InterruptedException {
        final String resource = "cold" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        final Path request = workDirectory.resolve("cold-request.json");
        final SignIn.CredentialSet app = variant.signIn().localCloudApp();
        final Requests requests = new Requests(app);
        Files.write(request, Requests.lambdaInput(schemas.get(variant.type()), cloud::callerCredentials,
            variant.type() == ResourceType.ACCOUNT ? requests.createAccount(resource) : requests.create(resource)));

        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_JVM_OPTIONS);
        command.addAll(extraOptions);
        command.add("-Djava.io.tmpdir=" + tmpdir);
        cloud.handlerSystemProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", runtimeClassPath, LambdaRuntimeStandIn.class.getName(),
            variant.jar().toString(), variant.handler(), request.toString()));
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(workDirectory.resolve("cold-handler.log").toFile()));
        // As in Lambda: the function's Region, and no AWS identity of the machine's own (the handler must use the
        // caller's credentials).
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("AWS_REGION", LocalCloud.REGION);
        builder.environment().put("AWS_DEFAULT_REGION", LocalCloud.REGION);

        final RoundTrips before = RoundTrips.countedBy(cloud, app.clientId());
        final long start = System.nanoTime();
        final Process process = builder.start();
        String timings = null;
        String response = null;
        long cpuNanos = -1;
        long answered = 0;
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(LambdaRuntimeStandIn.TIMINGS)) {
                    timings = line.substring(LambdaRuntimeStandIn.TIMINGS.length());
                } else if (line.startsWith(LambdaRuntimeStandIn.RESPONSE)) {
                    answered = System.nanoTime();
                    response = line.substring(LambdaRuntimeStandIn.RESPONSE.length());
                } else if (line.startsWith(LambdaRuntimeStandIn.CPU)) {
                    cpuNanos = Long.parseLong(line.substring(LambdaRuntimeStandIn.CPU.length()));
                }
            }
        }
        final int exit = process.waitFor();
        final JsonNode event = response == null ? null : Requests.JSON.readTree(response);
        final String status = event == null ? null : event.path("status").asText();
        if (exit != 0 || timings == null || !variant.type().firstAnswers.contains(status)) {
            throw new IllegalStateException(variant.name() + " in a new JVM exited with " + exit + " and answered "
                + response + "; its log: " + workDirectory.resolve("cold-handler.log"));
        }
        final RoundTrips roundTrips = RoundTrips.countedBy(cloud, app.clientId()).minus(before);
        if (variant.type() == ResourceType.CONTAINER) {
            cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT).getBlobContainerClient(resource).deleteIfExists();
        }
        final String[] phases = timings.split(" ");
        return new Run((answered - start) / 1e6, cpuNanos / 1e6, Long.parseLong(phases[0]) / 1e6, Long.parseLong(phases[1]) / 1e6,
            Long.parseLong(phases[2]) / 1e6, roundTrips, status);
    }

    static void requireFile(final Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new IOException("No " + file + ": build it first (./benchmarks/run does)"));
        }
    }
}
