package io.cfnazure.benchmarks;

import io.cfnazure.benchmarks.Requests.CredentialSet;
import io.cfnazure.benchmarks.WarmActions.Action;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results as Markdown: the targets of issue 9 first, then the figures behind them. */
final class Report {

    static final double COLD_TARGET = 1.5;
    static final double WARM_TARGET = 1.15;
    static final long JAR_TARGET_BYTES = 45_000_000;
    private static final int PACKAGE_ROWS = 15;

    private final ZonedDateTime started;
    private final String revision;
    private final String loadBefore;
    private final Path providerJar;
    private final long providerJarBytes;
    private final long doNothingJarBytes;
    private final List<String> targets = new ArrayList<>();
    private final StringBuilder details = new StringBuilder();
    private String loadAfter;

    Report(final ZonedDateTime started, final String revision, final String loadBefore, final Path providerJar,
           final long providerJarBytes, final long doNothingJarBytes) {
        this.started = started;
        this.revision = revision;
        this.loadBefore = loadBefore;
        this.providerJar = providerJar;
        this.providerJarBytes = providerJarBytes;
        this.doNothingJarBytes = doNothingJarBytes;
    }

    void cold(final ColdStarts cold) {
        final ColdStarts.Figures packaged = cold.figures.get(cold.packaged());
        final ColdStarts.Figures floor = cold.figures.get(cold.doNothing());
        final double ratio = packaged.toResponse.median() / floor.toResponse.median();
        target(String.format("Cold Create ≤ %.2f× the do-nothing handler", COLD_TARGET),
            String.format("%.2f× (%.0f ms / %.0f ms)", ratio, packaged.toResponse.median(),
                floor.toResponse.median()), ratio <= COLD_TARGET);
        target("1 secret read and 1 token per cold JVM", String.format("%.0f and %.0f (max %.0f and %.0f)",
            packaged.secretReads.median(), packaged.tokens.median(), packaged.secretReads.max(),
            packaged.tokens.max()), packaged.secretReads.max() == 1 && packaged.tokens.max() == 1);

        details.append(String.format("%n## Cold Create (%d rounds, each jar once per round in rotating order, a new "
            + "JVM each)%n%n", packaged.toResponse.count()));
        details.append("JVM options: `").append(String.join(" ", ColdStarts.LAMBDA_JVM_OPTIONS))
            .append("`, a private `java.io.tmpdir`, `AWS_REGION` as Lambda sets it and no other `AWS_*` variable. The ")
            .append("function's class loader sees its jar ")
            .append("and the JDK only. *To response*: process start to the response; *load*: the handler class ")
            .append("loaded and statically initialised; *construct*: its constructor (the end of Lambda's init ")
            .append("phase); *invoke*: `handleRequest`. The JVM's own start is the rest. *CPU*: the process's CPU ")
            .append("time up to the response, all threads (less sensitive to a busy machine than the elapsed time). ")
            .append("*Ratio*: over the do-nothing jar's run of the same round, median. Milliseconds.\n\n");
        details.append("| Jar | to response, median | IQR / median | min | max | load | construct | invoke | ratio |"
            + " CPU | CPU ratio | classes loaded |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (final ColdStarts.Variant variant : cold.variants) {
            final ColdStarts.Figures figures = cold.figures.get(variant);
            details.append(String.format("| %s | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f× | %.0f | %.2f× | %d |%n",
                variant.name() + (variant.equals(cold.packaged()) ? " (" + variant.jar().getFileName() + ")" : ""),
                figures.toResponse.median(), figures.toResponse.spread(), figures.toResponse.min(),
                figures.toResponse.max(), figures.load.median(), figures.construct.median(), figures.invoke.median(),
                cold.pairRatios.get(variant).median(), figures.cpu.median(), cold.cpuPairRatios.get(variant).median(),
                figures.classesLoaded()));
        }

        final Map<String, Integer> more = new HashMap<>();
        packaged.classesByPackage.forEach((group, count) -> more.merge(group, count, Integer::sum));
        floor.classesByPackage.forEach((group, count) -> more.merge(group, -count, Integer::sum));
        details.append(String.format("%n### Classes loaded per cold JVM, by package (%d more with the packaged jar "
            + "than with the do-nothing jar; the largest differences)%n%n| Package | packaged | do-nothing | more |%n"
            + "|---|---|---|---|%n", packaged.classesLoaded() - floor.classesLoaded()));
        more.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(PACKAGE_ROWS)
            .forEach(e -> details.append(String.format("| %s | %d | %d | %d |%n", e.getKey(),
                packaged.classesByPackage.getOrDefault(e.getKey(), 0), floor.classesByPackage.getOrDefault(e.getKey(), 0),
                e.getValue())));
    }

    void warm(final WarmActions warm, final int warmup) {
        details.append(String.format("%n## Warm actions (%d iterations after %d uncounted, in this JVM, %d handler "
            + "invocations on one handler instance)%n%n", warm.handler.get(Action.CREATE).count(), warmup,
            warm.invocations / 2));
        details.append("*Handler*: the action through `HandlerWrapper::handleRequest` (CloudFormation's driver, "
            + "request JSON in, progress event out). *Raw SDK*: the Azure calls it makes, with the same arguments and a "
            + "time limit each, on a plain SDK client (Create: create + get properties; Read: get properties; Update: "
            + "get properties + set metadata + get properties; List: one page of containers; Delete: one page of blobs "
            + "+ delete). *Do-nothing*: the same request to the do-nothing handler, i.e. the wrapper's and the "
            + "driver's share. Milliseconds.\n\n");
        details.append("| Action | handler, median | IQR / median | raw SDK | do-nothing | handler / (raw + do-nothing) |"
            + "\n|---|---|---|---|---|---|\n");
        for (final Action action : Action.values()) {
            final Samples handler = warm.handler.get(action);
            final double floor = warm.raw.get(action).median() + warm.doNothing.get(action).median();
            final double ratio = handler.median() / floor;
            details.append(String.format("| %s | %.1f | %.2f | %.1f | %.1f | %.2f× |%n", action, handler.median(),
                handler.spread(), warm.raw.get(action).median(), warm.doNothing.get(action).median(), ratio));
            target(String.format("Warm %s ≤ %.2f× raw SDK + do-nothing", name(action), WARM_TARGET),
                String.format("%.2f× (%.1f ms / %.1f ms)", ratio, handler.median(), floor), ratio <= WARM_TARGET);
        }
        final List<String> perSet = new ArrayList<>();
        boolean once = true;
        for (final CredentialSet set : warm.credentialSets()) {
            final int reads = warm.secretReads.getOrDefault(set.secretName(), 0);
            final int tokens = warm.tokens.getOrDefault(set.clientId(), 0);
            perSet.add(reads + " and " + tokens);
            once &= reads == 1 && tokens == 1;
        }
        target("1 secret read and 1 token per warm JVM per credential set",
            String.join("; ", perSet) + String.format(" (%d credential sets, %d invocations)",
                warm.credentialSets().size(), warm.invocations / 2), once);
    }

    void finished(final String load) {
        this.loadAfter = load;
    }

    String markdown() {
        target(String.format("Jar ≤ %.0f MB", JAR_TARGET_BYTES / 1e6),
            String.format("%.1f MB (%,d bytes)", providerJarBytes / 1e6, providerJarBytes),
            providerJarBytes <= JAR_TARGET_BYTES);
        final StringBuilder out = new StringBuilder();
        out.append("# Benchmark ").append(started.toLocalDate()).append(' ')
            .append(started.toLocalTime().withNano(0)).append(" UTC\n\n");
        out.append(String.format("Revision %s; Java %s; %d processors; load average (1 min) %s before, %s after. "
            + "Jar: `%s` (the do-nothing jar: %.1f MB, the same entries plus its handler).%n%n", revision,
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter,
            providerJar.getFileName(), doNothingJarBytes / 1e6));
        out.append("| Target (issue 9) | Measured | Met |\n|---|---|---|\n");
        targets.forEach(out::append);
        out.append(details);
        return out.toString();
    }

    private void target(final String target, final String measured, final boolean met) {
        targets.add(String.format("| %s | %s | %s |%n", target, measured, met ? "yes" : "**no**"));
    }

    private static String name(final Action action) {
        return action.name().charAt(0) + action.name().substring(1).toLowerCase(Locale.ROOT);
    }
}
