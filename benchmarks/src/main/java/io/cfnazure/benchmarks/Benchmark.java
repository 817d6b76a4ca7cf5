package io.cfnazure.benchmarks;

import io.cfnazure.localcloud.LocalCloud;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The provider's benchmark, in one run on one local cloud: cold Create of each type's packaged jar (container,
 * account) against its do-nothing handler, the container's warm actions against the raw SDK calls they make,
 * credential round trips per JVM, and the jars' sizes; each in every sign-in mode asked for, side by side.
 * Started by {@code ./benchmarks/run} (benchmarks/README.md), which passes the paths as system properties.
 * <p>
 * Arguments: cold rounds (default 10: each jar once per round; 0 skips the cold part), counted warm iterations
 * (default 40; 10 more come first, uncounted; 0 skips the warm part). System properties: {@code benchmark.signIn},
 * the AzureAuthentication values to measure (default {@code ClientSecret,AwsWebIdentity}); {@code
 * benchmark.compareJars}, {@code name=jar,...}: more Lambda packages to start cold in the same rounds (with a client
 * secret), e.g. an earlier build, for before/after figures of one run.
 */
public final class Benchmark {

    private static final int WARMUP_ITERATIONS = 10;

    private Benchmark() {
    }

    public static void main(final String[] args) throws Exception {
        final int coldRuns = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        final int warmIterations = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        final List<SignIn> signIns =
            SignIn.parse(System.getProperty("benchmark.signIn", "ClientSecret,AwsWebIdentity"));
        if (signIns.isEmpty()) {
            throw new IllegalArgumentException("No sign-in mode to measure: benchmark.signIn is empty");
        }
        final Path workDirectory = Files.createDirectories(Path.of(System.getProperty("benchmark.workDirectory")));
        final Path resultsDirectory = Files.createDirectories(Path.of(System.getProperty("benchmark.resultsDirectory")));
        for (final ResourceType type : ResourceType.values()) {
            ColdStarts.requireFile(type.jar());
            ColdStarts.requireFile(type.doNothingJar());
        }

        final ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        final Report report = new Report(started, System.getProperty("benchmark.revision", "unknown"),
            loadAverage());
        try (LocalCloud cloud = LocalCloud.start()) {
            cloud.applyToThisJvm();
            if (coldRuns > 0) {
                final ColdStarts cold = new ColdStarts(cloud, variants(signIns),
                    System.getProperty("benchmark.runtimeClassPath"), workDirectory);
                cold.run(coldRuns);
                report.cold(cold);
            }
            if (warmIterations > 0) {
                final WarmActions warm = new WarmActions(cloud, signIns);
                warm.run(WARMUP_ITERATIONS, warmIterations);
                report.warm(warm, WARMUP_ITERATIONS);
            }
        }
        report.finished(loadAverage());

        final String markdown = report.markdown();
        final Path file = resultsDirectory.resolve(
            started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + ".md");
        Files.writeString(file, markdown, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(markdown);
        System.out.println("Written to " + file);
    }

    /**
     * Each type's packaged jar per sign-in mode, then its do-nothing jar: "packaged", "packaged-no-secret" and
     * "do-nothing" for the container (their names before the account type), "account", "account-no-secret" and
     * "account-do-nothing".
     */
    private static List<ColdStarts.Variant> variants(final List<SignIn> signIns) {
        final List<ColdStarts.Variant> variants = new ArrayList<>();
        for (final ResourceType type : ResourceType.values()) {
            final String packaged = type == ResourceType.CONTAINER ? "packaged" : type.key;
            final String prefix = type == ResourceType.CONTAINER ? "" : type.key + "-";
            for (final SignIn signIn : signIns) {
                variants.add(new ColdStarts.Variant(signIn == SignIn.CLIENT_SECRET ? packaged : packaged + "-no-secret",
                    type, type.jar(), ColdStarts.Kind.PACKAGED, signIn));
            }
            variants.add(new ColdStarts.Variant(prefix + "do-nothing", type, type.doNothingJar(),
                ColdStarts.Kind.DO_NOTHING, SignIn.CLIENT_SECRET));
        }
        final String compare = System.getProperty("benchmark.compareJars", "");
        for (final String entry : compare.isBlank() ? new String[0] : compare.split(",")) {
            final String[] nameAndJar = entry.split("=", 2);
            final Path jar = Path.of(nameAndJar[1]);
            ColdStarts.requireFile(jar);
            variants.add(new ColdStarts.Variant(nameAndJar[0], ResourceType.CONTAINER, jar, ColdStarts.Kind.COMPARED,
                SignIn.CLIENT_SECRET));
        }
        return variants;
    }

    /** The 1-minute load average: how busy the machine was besides the benchmark. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (final IOException e) {
            return "n/a";
        }
    }
}
