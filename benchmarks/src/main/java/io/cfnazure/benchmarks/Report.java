package io.cfnazure.benchmarks;

import io.cfnazure.benchmarks.WarmActions.Action;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The benchmark's results as Markdown: the targets of issues 9 and 16 first, the account type's cold Create against its
 * floor (issue 16), then the figures behind them.
 */
final class Report {

    static final double COLD_TARGET = 1.5;
    static final double WARM_TARGET = 1.15;
    static final long JAR_TARGET_BYTES = 45_000_000;
    private static final int PACKAGE_ROWS = 20;
    private static final String ACCOUNT_MEASURED = "What is measured: the first invocation of a Create of a new "
        + "account (Standard_LRS, in the local cloud's subscription, resource group and Azure region, a new name each "
        + "run), cold: a new JVM per run started as the container's are (Lambda's JVM options, a private "
        + "`java.io.tmpdir`, the type's jar alone in the function's class loader), against the embedded local cloud's "
        + "Azure Resource Manager stand-in. The handler checks the name and sends the create request, which ARM "
        + "answers 202 Accepted with a status to poll and Retry-After (at least 1 s), then follows the operation "
        + "while its invocation lasts. The stand-in finishes an account in 1 s: the first answer is SUCCESS once "
        + "the handler has set the blob service and read the account back, or IN_PROGRESS if its time ran out "
        + "first (*First answers* says which). So the elapsed time includes the Retry-After wait; the CPU time does "
        + "not. *Do-nothing*: the account type's jar plus the do-nothing handler with the account's schema and model, "
        + "answering SUCCESS at once. Ratios are medians of same-round ratios.";

    private final ZonedDateTime started;
    private final String revision;
    private final String loadBefore;
    private final List<String> targets = new ArrayList<>();
    /** Rows of the account type's cold Create against its floor, when it ran. */
    private final List<String> account = new ArrayList<>();
    private List<SignIn> accountSignIns = List.of();
    /** Rows comparing the sign-in modes, when both ran. */
    private final List<String> sideBySide = new ArrayList<>();
    private final StringBuilder details = new StringBuilder();
    private String loadAfter;

    Report(final ZonedDateTime started, final String revision, final String loadBefore) {
        this.started = started;
        this.revision = revision;
        this.loadBefore = loadBefore;
    }

    void cold(final ColdStarts cold) {
        final ColdStarts.Variant doNothing = cold.doNothing(ResourceType.CONTAINER);
        final ColdStarts.Figures floor = cold.figures.get(doNothing);
        final List<SignIn> signIns = signIns(cold);
        for (final SignIn signIn : signIns) {
            final ColdStarts.Figures packaged = cold.figures.get(cold.packaged(ResourceType.CONTAINER, signIn));
            final double ratio = packaged.toResponse.median() / floor.toResponse.median();
            target(String.format("Cold Create%s ≤ %.2f× the do-nothing handler", qualifier(signIn), COLD_TARGET),
                String.format("%.2f× (%.0f ms / %.0f ms)", ratio, packaged.toResponse.median(),
                    floor.toResponse.median()), ratio <= COLD_TARGET);
            final RoundTrips expected = signIn.expected;
            target(expected.described() + " per cold JVM" + qualifier(signIn),
                String.format("%.0f, %.0f and %.0f (min %.0f, %.0f and %.0f; max %.0f, %.0f and %.0f)",
                    packaged.secretReads.median(), packaged.stsTokens.median(), packaged.entraTokens.median(),
                    packaged.secretReads.min(), packaged.stsTokens.min(), packaged.entraTokens.min(),
                    packaged.secretReads.max(), packaged.stsTokens.max(), packaged.entraTokens.max()),
                always(packaged.secretReads, expected.secretReads()) && always(packaged.stsTokens, expected.stsTokens())
                    && always(packaged.entraTokens, expected.entraTokens()));
        }

        details.append(String.format("%n## Cold Create (%d rounds, each jar once per round in rotating order, a new "
            + "JVM each)%n%n", floor.toResponse.count()));
        details.append("JVM options: `").append(String.join(" ", ColdStarts.LAMBDA_JVM_OPTIONS))
            .append("`, a private `java.io.tmpdir`, `AWS_REGION` as Lambda sets it and no other `AWS_*` variable. The ")
            .append("function's class loader sees its jar ")
            .append("and the JDK only. *To response*: process start to the response; *load*: the handler class ")
            .append("loaded and statically initialised; *construct*: its constructor (the end of Lambda's init ")
            .append("phase); *invoke*: `handleRequest`. The JVM's own start is the rest. *CPU*: the process's CPU ")
            .append("time up to the response, all threads (less sensitive to a busy machine than the elapsed time). ")
            .append("*Ratio*: over the run of the same type's do-nothing jar in the same round, median. *Sign-in ")
            .append("requests*: Secrets Manager requests, STS tokens and Entra ID tokens per JVM, median. ")
            .append("*First answers*: the response's status, per run. Milliseconds.\n\n");
        details.append("| Jar | to response, median | IQR / median | min | max | load | construct | invoke | ratio |"
            + " CPU | CPU ratio | classes loaded | sign-in requests | first answers |\n" + "|---".repeat(14) + "|\n");
        for (final ColdStarts.Variant variant : cold.variants) {
            final ColdStarts.Figures figures = cold.figures.get(variant);
            final ColdStarts.Variant floorOfType = cold.doNothing(variant.type());
            details.append(String.format("| %s | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f× | %.0f | %.2f× "
                    + "| %d | %.0f, %.0f, %.0f | %s |%n",
                label(variant), figures.toResponse.median(), figures.toResponse.spread(), figures.toResponse.min(),
                figures.toResponse.max(), figures.load.median(), figures.construct.median(), figures.invoke.median(),
                cold.ratios(variant, floorOfType, ColdStarts.Run::toResponseMillis).median(), figures.cpu.median(),
                cold.ratios(variant, floorOfType, ColdStarts.Run::cpuMillis).median(), figures.classesLoaded(),
                figures.secretReads.median(), figures.stsTokens.median(), figures.entraTokens.median(),
                firstAnswers(figures)));
        }
        if (signIns.size() == 2) {
            coldSideBySide(cold);
        }
        if (cold.doNothing(ResourceType.ACCOUNT) != null) {
            accountCold(cold, signIns);
        }
        for (final ResourceType type : ResourceType.values()) {
            if (cold.doNothing(type) != null) {
                classesByPackage(cold, type, signIns);
            }
        }
    }

    /**
     * The account type's cold Create in each sign-in mode against its own do-nothing floor of the same rounds: what
     * issue 16 asks the benchmark to report (it sets no target of its own).
     */
    private void accountCold(final ColdStarts cold, final List<SignIn> signIns) {
        accountSignIns = signIns;
        final ColdStarts.Variant doNothing = cold.doNothing(ResourceType.ACCOUNT);
        final ColdStarts.Figures floor = cold.figures.get(doNothing);
        final List<ColdStarts.Variant> modes = signIns.stream()
            .map(signIn -> cold.packaged(ResourceType.ACCOUNT, signIn)).toList();
        accountRow("First answers (status: runs)", floor, modes, cold,
            variant -> firstAnswers(cold.figures.get(variant)), firstAnswers(floor));
        accountRow("To response, median (÷ do-nothing, same round; IQR / median)", floor, modes, cold, variant -> {
            final Samples ratios = cold.ratios(variant, doNothing, ColdStarts.Run::toResponseMillis);
            return String.format("%.0f ms (%.2f×; %.2f)", cold.figures.get(variant).toResponse.median(),
                ratios.median(), ratios.spread());
        }, String.format("%.0f ms (IQR / median %.2f)", floor.toResponse.median(), floor.toResponse.spread()));
        accountRow("CPU time, median (÷ do-nothing, same round; IQR / median)", floor, modes, cold, variant -> {
            final Samples ratios = cold.ratios(variant, doNothing, ColdStarts.Run::cpuMillis);
            return String.format("%.0f ms (%.2f×; %.2f)", cold.figures.get(variant).cpu.median(), ratios.median(),
                ratios.spread());
        }, String.format("%.0f ms", floor.cpu.median()));
        accountRow("Load, construct, invoke (`handleRequest`), medians", floor, modes, cold,
            variant -> phases(cold.figures.get(variant)), phases(floor));
        accountRow("Classes loaded per cold JVM", floor, modes, cold, variant -> {
            final int loaded = cold.figures.get(variant).classesLoaded();
            return String.format("%d (%+d)", loaded, loaded - floor.classesLoaded());
        }, String.valueOf(floor.classesLoaded()));
        accountRow("Sign-in requests per cold JVM (secret reads, STS tokens, Entra ID tokens), max", floor, modes,
            cold, variant -> {
                final ColdStarts.Figures figures = cold.figures.get(variant);
                return String.format("%.0f, %.0f, %.0f", figures.secretReads.max(), figures.stsTokens.max(),
                    figures.entraTokens.max());
            }, "");
    }

    private void accountRow(final String figure, final ColdStarts.Figures floor, final List<ColdStarts.Variant> modes,
                            final ColdStarts cold, final Function<ColdStarts.Variant, String> cell,
                            final String floorCell) {
        final StringBuilder row = new StringBuilder("| ").append(figure).append(" |");
        modes.forEach(variant -> row.append(' ').append(cell.apply(variant)).append(" |"));
        account.add(row.append(' ').append(floorCell).append(" |\n").toString());
    }

    private static String phases(final ColdStarts.Figures figures) {
        return String.format("%.0f, %.0f, %.0f ms", figures.load.median(), figures.construct.median(),
            figures.invoke.median());
    }

    /** "10 SUCCESS", "9 SUCCESS, 1 IN_PROGRESS". */
    private static String firstAnswers(final ColdStarts.Figures figures) {
        final List<String> counts = new ArrayList<>();
        figures.statuses.forEach((status, runs) -> counts.add(runs + " " + status));
        return String.join(", ", counts);
    }

    /** The modes of one cold round against each other, and each against the do-nothing jar. */
    private void coldSideBySide(final ColdStarts cold) {
        final ColdStarts.Variant doNothing = cold.doNothing(ResourceType.CONTAINER);
        final ColdStarts.Variant secret = cold.packaged(ResourceType.CONTAINER, SignIn.CLIENT_SECRET);
        final ColdStarts.Variant noSecret = cold.packaged(ResourceType.CONTAINER, SignIn.AWS_WEB_IDENTITY);
        final ColdStarts.Figures secretFigures = cold.figures.get(secret);
        final ColdStarts.Figures noSecretFigures = cold.figures.get(noSecret);
        final Samples byTime = cold.ratios(noSecret, secret, ColdStarts.Run::toResponseMillis);
        final Samples byCpu = cold.ratios(noSecret, secret, ColdStarts.Run::cpuMillis);
        sideBySide("Cold Create, to response (÷ do-nothing, same round)",
            String.format("%.0f ms (%.2f×)", secretFigures.toResponse.median(),
                cold.ratios(secret, doNothing, ColdStarts.Run::toResponseMillis).median()),
            String.format("%.0f ms (%.2f×)", noSecretFigures.toResponse.median(),
                cold.ratios(noSecret, doNothing, ColdStarts.Run::toResponseMillis).median()),
            String.format("%.2f× (IQR / median %.2f)", byTime.median(), byTime.spread()));
        sideBySide("Cold Create, CPU time (÷ do-nothing, same round)",
            String.format("%.0f ms (%.2f×)", secretFigures.cpu.median(),
                cold.ratios(secret, doNothing, ColdStarts.Run::cpuMillis).median()),
            String.format("%.0f ms (%.2f×)", noSecretFigures.cpu.median(),
                cold.ratios(noSecret, doNothing, ColdStarts.Run::cpuMillis).median()),
            String.format("%.2f× (IQR / median %.2f)", byCpu.median(), byCpu.spread()));
        sideBySide("Cold Create, invoke phase (`handleRequest`)",
            String.format("%.0f ms", secretFigures.invoke.median()),
            String.format("%.0f ms", noSecretFigures.invoke.median()),
            String.format("%.2f×", cold.ratios(noSecret, secret, ColdStarts.Run::invokeMillis).median()));
        sideBySide("Classes loaded per cold JVM", String.valueOf(secretFigures.classesLoaded()),
            String.valueOf(noSecretFigures.classesLoaded()),
            String.format("%+d classes", noSecretFigures.classesLoaded() - secretFigures.classesLoaded()));
        sideBySide("Sign-in requests per cold JVM (secret reads, STS tokens, Entra ID tokens), max",
            String.format("%.0f, %.0f, %.0f", secretFigures.secretReads.max(), secretFigures.stsTokens.max(),
                secretFigures.entraTokens.max()),
            String.format("%.0f, %.0f, %.0f", noSecretFigures.secretReads.max(), noSecretFigures.stsTokens.max(),
                noSecretFigures.entraTokens.max()), "");
    }

    /** Where the classes each packaged mode of the type loads beyond its do-nothing jar come from. */
    private void classesByPackage(final ColdStarts cold, final ResourceType type, final List<SignIn> signIns) {
        final Map<String, Integer> floor = cold.figures.get(cold.doNothing(type)).classesByPackage;
        final List<Map<String, Integer>> modes = signIns.stream()
            .map(signIn -> cold.figures.get(cold.packaged(type, signIn)).classesByPackage).toList();
        final Set<String> groups = new HashSet<>(floor.keySet());
        modes.forEach(mode -> groups.addAll(mode.keySet()));
        final boolean both = modes.size() == 2;

        details.append(String.format("%n### %s: classes loaded per cold JVM, by package (the largest differences)%n%n"
            + "*More*: than with the type's do-nothing jar%s.%n%n| Package | do-nothing |", type.typeName, both
            ? "; *no secret − client secret*: classes only one mode loads show here (e.g. the STS or Secrets "
            + "Manager client)" : ""));
        signIns.forEach(signIn -> details.append(' ').append(signIn.label).append(" | more |"));
        details.append(both ? " no secret − client secret |\n" : "\n");
        details.append("|---|---|").append("---|---|".repeat(modes.size())).append(both ? "---|\n" : "\n");
        groups.stream()
            .sorted(Comparator.comparingInt((String group) -> largestDifference(group, floor, modes)).reversed())
            .limit(PACKAGE_ROWS)
            .forEach(group -> {
                details.append("| ").append(group).append(" | ").append(floor.getOrDefault(group, 0)).append(" |");
                modes.forEach(mode -> details.append(String.format(" %d | %d |", mode.getOrDefault(group, 0),
                    mode.getOrDefault(group, 0) - floor.getOrDefault(group, 0))));
                details.append(both ? String.format(" %+d |%n", modes.get(1).getOrDefault(group, 0)
                    - modes.get(0).getOrDefault(group, 0)) : "\n");
            });
    }

    private static int largestDifference(final String group, final Map<String, Integer> floor,
                                         final List<Map<String, Integer>> modes) {
        int largest = 0;
        for (final Map<String, Integer> mode : modes) {
            largest = Math.max(largest, Math.abs(mode.getOrDefault(group, 0) - floor.getOrDefault(group, 0)));
        }
        if (modes.size() == 2) {
            largest = Math.max(largest,
                Math.abs(modes.get(1).getOrDefault(group, 0) - modes.get(0).getOrDefault(group, 0)));
        }
        return largest;
    }

    void warm(final WarmActions warm, final int warmup) {
        final List<SignIn> signIns = warm.signIns;
        details.append(String.format("%n## Warm actions (%d iterations after %d uncounted, in this JVM, %d handler "
            + "invocations per sign-in mode on one handler instance each)%n%n", warm.raw.get(Action.CREATE).count(),
            warmup, warm.invocations.get(signIns.get(0))));
        details.append("*Handler*: the action through `HandlerWrapper::handleRequest` (CloudFormation's driver, "
            + "request JSON in, progress event out), in each sign-in mode. *Raw SDK*: the Azure calls it makes, with "
            + "the same arguments and a time limit each, on a plain SDK client (Create: create + get properties; Read: "
            + "get properties; Update: get properties + set metadata + get properties; List: one page of containers; "
            + "Delete: one page of blobs + delete). *Do-nothing*: the same request to the do-nothing handler, i.e. the "
            + "wrapper's and the driver's share, with the schema loaded once as the handler loads it. *÷ raw SDK + "
            + "do-nothing*: what the handler adds to the Azure calls and the wrapper's share (the target). *÷ raw "
            + "SDK*: what an action costs against calling Azure directly, the wrapper's share included. Ratios of "
            + "medians. Milliseconds.\n\n");
        details.append("| Action | raw SDK | do-nothing |");
        signIns.forEach(signIn -> details.append(String.format(
            " %s: handler, median | IQR / median | ÷ raw SDK + do-nothing | ÷ raw SDK |", signIn.label)));
        details.append("\n|---|---|---|").append("---|---|---|---|".repeat(signIns.size())).append('\n');
        for (final Action action : Action.values()) {
            final double raw = warm.raw.get(action).median();
            final double floor = raw + warm.doNothing.get(action).median();
            details.append(String.format("| %s | %.1f | %.1f |", action, raw, warm.doNothing.get(action).median()));
            for (final SignIn signIn : signIns) {
                final Samples handler = warm.handler.get(signIn).get(action);
                final double ratio = handler.median() / floor;
                details.append(String.format(" %.1f | %.2f | %.2f× | %.2f× |", handler.median(), handler.spread(),
                    ratio, handler.median() / raw));
                target(String.format("Warm %s%s ≤ %.2f× raw SDK + do-nothing", name(action), qualifier(signIn),
                    WARM_TARGET), String.format("%.2f× (%.1f ms / %.1f ms); %.2f× raw SDK alone (%.1f ms)", ratio,
                    handler.median(), floor, handler.median() / raw, raw), ratio <= WARM_TARGET);
            }
            details.append('\n');
            if (signIns.size() == 2) {
                final Samples secret = warm.handler.get(SignIn.CLIENT_SECRET).get(action);
                final Samples noSecret = warm.handler.get(SignIn.AWS_WEB_IDENTITY).get(action);
                sideBySide(String.format("Warm %s, handler median (÷ raw SDK + do-nothing; ÷ raw SDK)", name(action)),
                    String.format("%.1f ms (%.2f×; %.2f×)", secret.median(), secret.median() / floor,
                        secret.median() / raw),
                    String.format("%.1f ms (%.2f×; %.2f×)", noSecret.median(), noSecret.median() / floor,
                        noSecret.median() / raw),
                    String.format("%.2f×", noSecret.median() / secret.median()));
            }
        }

        final Map<SignIn, String> perWarmJvm = new EnumMap<>(SignIn.class);
        for (final SignIn signIn : signIns) {
            final RoundTrips expected = signIn.expected;
            final List<String> perApp = new ArrayList<>();
            RoundTrips total = new RoundTrips(0, 0, 0);
            boolean met = true;
            for (final SignIn.CredentialSet app : warm.credentialSets(signIn)) {
                final RoundTrips counted = warm.roundTrips.get(app);
                perApp.add(counted.figures());
                total = total.plus(counted);
                met &= counted.secretReads() == expected.secretReads()
                    && counted.entraTokens() == expected.entraTokens();
            }
            met &= total.stsTokens() == expected.stsTokens();
            target(String.format("Per warm JVM%s: %s per app, %s per caller", qualifier(signIn),
                    RoundTrips.plural(expected.secretReads(), "secret read") + " and "
                        + RoundTrips.plural(expected.entraTokens(), "Entra ID token"),
                    RoundTrips.plural(expected.stsTokens(), "STS token")),
                String.join("; ", perApp) + String.format(" (secret reads, STS tokens, Entra ID tokens of %d apps "
                    + "and 1 caller, %d invocations)", perApp.size(), warm.invocations.get(signIn)), met);
            perWarmJvm.put(signIn, total.figures());
        }
        if (signIns.size() == 2) {
            sideBySide(String.format("Sign-in requests per warm JVM (secret reads, STS tokens, Entra ID tokens; "
                    + "2 apps, 1 caller, %d invocations)", warm.invocations.get(SignIn.CLIENT_SECRET)),
                perWarmJvm.get(SignIn.CLIENT_SECRET), perWarmJvm.get(SignIn.AWS_WEB_IDENTITY), "");
        }
    }

    void finished(final String load) {
        this.loadAfter = load;
    }

    String markdown() {
        for (final ResourceType type : ResourceType.values()) {
            final long bytes = size(type.jar());
            target(String.format("%s ≤ %.0f MB", type == ResourceType.CONTAINER ? "Jar" : "Jar of " + type.typeName
                + " (issue 16)", JAR_TARGET_BYTES / 1e6), String.format("%.1f MB (%,d bytes)", bytes / 1e6, bytes),
                bytes <= JAR_TARGET_BYTES);
        }
        final StringBuilder out = new StringBuilder();
        out.append("# Benchmark ").append(started.toLocalDate()).append(' ')
            .append(started.toLocalTime().withNano(0)).append(" UTC\n\n");
        out.append(String.format("Revision %s; Java %s; %d processors; load average (1 min) %s before, %s after. "
            + "Jars: ", revision, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
            loadBefore, loadAfter));
        out.append(String.join("; ", Arrays.stream(ResourceType.values()).map(type -> String.format(
            "`%s` (its do-nothing jar: %.1f MB, the same entries plus its handler)", type.jar().getFileName(),
            size(type.doNothingJar()) / 1e6)).toList())).append(".\n\n");
        out.append("| Target (issues 9 and 16) | Measured | Met |\n|---|---|---|\n");
        targets.forEach(out::append);
        if (!account.isEmpty()) {
            out.append(String.format("%n## %s: cold Create against its do-nothing floor (issue 16)%n%n",
                ResourceType.ACCOUNT.typeName));
            out.append(ACCOUNT_MEASURED);
            out.append("\n\n| Figure |");
            accountSignIns.forEach(signIn -> out.append(' ').append(signIn.label).append(" |"));
            out.append(" do-nothing |\n|---|").append("---|".repeat(accountSignIns.size() + 1)).append('\n');
            account.forEach(out::append);
        }
        if (!sideBySide.isEmpty()) {
            out.append(String.format("%n## Sign-in modes side by side%n%n*Client secret*: read from Secrets Manager "
                + "with the caller's credentials. *No secret*: AzureAuthentication AwsWebIdentity, an STS web identity "
                + "token of the caller's role as the client assertion. Cold ratios are medians of same-round ratios; "
                + "warm ones are ratios of medians over the same iterations.%n%n"
                + "| Figure | %s | %s | %s / %s |%n|---|---|---|---|%n", SignIn.CLIENT_SECRET.label,
                SignIn.AWS_WEB_IDENTITY.label, SignIn.AWS_WEB_IDENTITY.label, SignIn.CLIENT_SECRET.label));
            sideBySide.forEach(out::append);
        }
        out.append(details);
        return out.toString();
    }

    private void target(final String target, final String measured, final boolean met) {
        targets.add(String.format("| %s | %s | %s |%n", target, measured, met ? "yes" : "**no**"));
    }

    private void sideBySide(final String figure, final String clientSecret, final String noSecret,
                            final String ratio) {
        sideBySide.add(String.format("| %s | %s | %s | %s |%n", figure, clientSecret, noSecret, ratio));
    }

    /** The modes whose packaged container jar this run started, in their order. */
    private static List<SignIn> signIns(final ColdStarts cold) {
        return Arrays.stream(SignIn.values())
            .filter(signIn -> cold.packaged(ResourceType.CONTAINER, signIn) != null).toList();
    }

    private static long size(final Path jar) {
        try {
            return Files.size(jar);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client secret's targets keep issue 9's wording; the other mode's say which they are. */
    private static String qualifier(final SignIn signIn) {
        return signIn == SignIn.CLIENT_SECRET ? "" : " without a secret (" + signIn.authentication + ")";
    }

    private static String label(final ColdStarts.Variant variant) {
        return switch (variant.kind()) {
            case PACKAGED -> "packaged (" + variant.jar().getFileName() + "), " + variant.signIn().label;
            case DO_NOTHING, COMPARED -> variant.name();
        };
    }

    /** Every run counted exactly this many. */
    private static boolean always(final Samples counts, final int expected) {
        return counts.min() == expected && counts.max() == expected;
    }

    private static String name(final Action action) {
        return action.name().charAt(0) + action.name().substring(1).toLowerCase(Locale.ROOT);
    }
}
