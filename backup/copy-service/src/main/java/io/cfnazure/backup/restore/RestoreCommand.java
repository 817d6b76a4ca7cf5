package io.cfnazure.backup.restore;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.backup.AzureContainerConnector;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.CopyFunction;
import io.cfnazure.backup.CopyServiceConfig;
import io.cfnazure.backup.InvocationTime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The restore's command ({@code backup/copy-service/restore}): plans a restore of the container (the function's
 * settings, from the environment) into a bucket, and either
 * <ul>
 *   <li>{@code --dry-run}: prints what it would do with each key (restore, skip-newer, skip-identical, ...) and
 *   writes nothing;</li>
 *   <li>by default: writes the Batch Operations manifest to {@code --work s3://BUCKET/PREFIX/manifest.csv} and prints
 *   the {@code aws s3control create-job} command that starts the job with the deployed restore function;</li>
 *   <li>{@code --run-here}: writes the manifest, then runs it through {@link RestoreHandler} in this process, one task
 *   per invocation in schema 2.0 as Batch Operations sends them (the local test bed has no Batch Operations), and
 *   writes the report ({@code report.json}: counts, bytes, each failure with its reason) next to it.</li>
 * </ul>
 * Exit status: 0 when every task succeeded, 1 when some failed, 2 for a usage error or a failed plan.
 */
public final class RestoreCommand {

    static final String USAGE = "restore --bucket TARGET_BUCKET [--prefix PREFIX] [--as-of 2026-12-06T14:00:00Z] "
        + "[--overwrite-newer] (--dry-run | --work s3://BUCKET/PREFIX [--run-here] [--function-arn ARN] "
        + "[--role-arn ARN] [--account-id ID])";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The function's timeout in the L3: what each task may take here too. */
    private static final Duration TASK_TIMEOUT = Duration.ofMinutes(15);

    private final Map<String, String> environment;
    private final PrintStream out;
    private final Clock clock;

    public RestoreCommand(final Map<String, String> environment, final PrintStream out, final Clock clock) {
        this.environment = environment;
        this.out = out;
        this.clock = clock;
    }

    public static void main(final String[] args) {
        System.exit(new RestoreCommand(System.getenv(), System.out, Clock.systemUTC()).run(args));
    }

    /** The parsed command line. */
    record Arguments(String bucket, String prefix, Instant asOf, boolean overwriteNewer, boolean dryRun,
                     String workBucket, String workPrefix, boolean runHere, String functionArn, String roleArn,
                     String accountId) {

        static Arguments parse(final String[] args) {
            String bucket = null;
            String prefix = null;
            String asOf = null;
            boolean overwriteNewer = false;
            boolean dryRun = false;
            String work = null;
            boolean runHere = false;
            String functionArn = "RESTORE_FUNCTION_ARN";
            String roleArn = "BATCH_OPERATIONS_ROLE_ARN";
            String accountId = "ACCOUNT_ID";
            final Iterator<String> next = List.of(args).iterator();
            while (next.hasNext()) {
                final String arg = next.next();
                switch (arg) {
                    case "--bucket" -> bucket = value(next, arg);
                    case "--prefix" -> prefix = value(next, arg);
                    case "--as-of" -> asOf = value(next, arg);
                    case "--overwrite-newer" -> overwriteNewer = true;
                    case "--dry-run" -> dryRun = true;
                    case "--work" -> work = value(next, arg);
                    case "--run-here" -> runHere = true;
                    case "--function-arn" -> functionArn = value(next, arg);
                    case "--role-arn" -> roleArn = value(next, arg);
                    case "--account-id" -> accountId = value(next, arg);
                    default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'.");
                }
            }
            if (bucket == null || !dryRun && (work == null || !work.startsWith("s3://"))) {
                throw new IllegalArgumentException("--bucket, and --work s3://BUCKET/PREFIX unless --dry-run, are "
                    + "required.");
            }
            final String workPath = work == null ? null : work.substring("s3://".length());
            final int slash = workPath == null ? -1 : workPath.indexOf('/');
            return new Arguments(bucket, prefix, RestoreOptions.instant(new RestoreOptions.Setting("--as-of", asOf)),
                overwriteNewer, dryRun,
                workPath == null ? null : slash < 0 ? workPath : workPath.substring(0, slash),
                slash < 0 ? "" : trimSlashes(workPath.substring(slash + 1)), runHere, functionArn, roleArn, accountId);
        }

        private static String value(final Iterator<String> next, final String name) {
            if (!next.hasNext()) {
                throw new IllegalArgumentException(name + " needs a value.");
            }
            return next.next();
        }

        private static String trimSlashes(final String path) {
            return path.replaceAll("^/+|/+$", "");
        }

        String workKey(final String name) {
            return workPrefix.isEmpty() ? name : workPrefix + "/" + name;
        }
    }

    /** Runs the command line {@code args}; returns the exit status. */
    public int run(final String[] args) {
        final Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (final IllegalArgumentException | CopyFailure e) {
            out.println(e.getMessage());
            out.println("Usage: " + USAGE);
            return 2;
        }
        try {
            final CopyServiceConfig config = CopyServiceConfig.fromEnvironment(environment);
            final CopyFunction function = CopyFunction.create(environment, clock);
            final S3Client s3 = function.s3();
            final RestorePlan plan = RestorePlan.of(container(config), arguments.prefix(), arguments.asOf());
            final Map<String, RestoreDecision.Target> inTarget = RestorePlan.objectsIn(s3, arguments.bucket(),
                arguments.prefix());
            if (arguments.dryRun()) {
                plan.dryRun(inTarget, arguments.overwriteNewer()).forEach(step -> out.println(RestorePlan.describe(step)));
                return 0;
            }
            final String manifestKey = arguments.workKey("manifest.csv");
            final String manifestETag = s3.putObject(b -> b.bucket(arguments.workBucket()).key(manifestKey)
                    .contentType("text/csv"), RequestBody.fromString(plan.manifest(arguments.bucket(), inTarget)))
                .eTag();
            final List<RestorePlan.Entry> toRestore = plan.entries().stream().filter(entry -> entry.source() != null)
                .toList();
            out.printf("Manifest: s3://%s/%s (ETag %s), %d keys, %d of them absent from the target (written without "
                + "a HEAD, only while still absent)%n", arguments.workBucket(), manifestKey, manifestETag,
                toRestore.size(), toRestore.stream().filter(entry -> !inTarget.containsKey(entry.name())).count());
            if (!arguments.runHere()) {
                out.println(createJob(arguments, manifestKey, manifestETag));
                return 0;
            }
            final ObjectNode report = runHere(function, plan, inTarget, arguments);
            final String reportKey = arguments.workKey("report.json");
            s3.putObject(b -> b.bucket(arguments.workBucket()).key(reportKey).contentType("application/json"),
                RequestBody.fromString(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report)));
            out.printf("Restored %d, skipped %d newer and %d identical, %d failed, %,d bytes. Report: s3://%s/%s%n",
                report.get("restored").asInt(), report.get("skippedNewer").asInt(),
                report.get("skippedIdentical").asInt(), report.get("failed").asInt(), report.get("bytes").asLong(),
                arguments.workBucket(), reportKey);
            return report.get("failed").asInt() == 0 ? 0 : 1;
        } catch (final CopyFailure | CopyServiceConfig.InvalidSettingException e) {
            out.println("The restore could not be planned: " + e.getMessage());
            return 2;
        } catch (final SdkException e) {
            out.println("The restore could not list the target bucket or write to the work bucket: "
                + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 2;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container, signed in as the function signs in (its settings, this process's AWS credentials). */
    private BlobContainerClient container(final CopyServiceConfig config) {
        return new AzureContainerConnector(config, SecretsManagerClient.create(), StsClient.create(), clock)
            .connect(InvocationTime.startingNow(clock, TASK_TIMEOUT).deadline());
    }

    /** Each key of the manifest through the handler, as Batch Operations would send it; the report of the results. */
    private ObjectNode runHere(final CopyFunction function, final RestorePlan plan,
                               final Map<String, RestoreDecision.Target> inTarget, final Arguments arguments)
        throws IOException {
        final RestoreHandler handler = new RestoreHandler(function, Map.of());
        final ObjectNode userArguments = userArguments(arguments);
        final ObjectNode report = JSON.createObjectNode()
            .put("container", environment.get("CONTAINER_URL"))
            .put("targetBucket", arguments.bucket())
            .put("prefix", arguments.prefix())
            .put("asOf", arguments.asOf() == null ? null : arguments.asOf().toString())
            .put("overwriteNewer", arguments.overwriteNewer())
            .put("manifest", "s3://" + arguments.workBucket() + "/" + arguments.workKey("manifest.csv"));
        int tasks = 0;
        int restored = 0;
        int skippedNewer = 0;
        int skippedIdentical = 0;
        long bytes = 0;
        final List<ObjectNode> failures = new ArrayList<>();
        for (final RestorePlan.Entry entry : plan.entries()) {
            if (entry.source() == null) {
                continue;
            }
            tasks++;
            final ObjectNode task = JSON.createObjectNode()
                .put("taskId", "task-" + tasks).put("s3Key", RestorePlan.task(entry, inTarget).keyField())
                .putNull("s3VersionId")
                .put("s3Bucket", arguments.bucket());
            final ObjectNode invocation = JSON.createObjectNode()
                .put("invocationSchemaVersion", "2.0")
                .put("invocationId", "restore-here-" + tasks);
            invocation.putObject("job").put("id", "restore-here").set("userArguments", userArguments);
            invocation.putArray("tasks").add(task);
            final ByteArrayOutputStream answer = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(invocation)), answer,
                new CommandContext(clock, TASK_TIMEOUT, out));
            final JsonNode result = JSON.readTree(answer.toByteArray()).at("/results/0");
            final String code = result.path("resultCode").asText();
            final String text = result.path("resultString").asText();
            if (!"Succeeded".equals(code)) {
                failures.add(JSON.createObjectNode().put("key", entry.name()).put("resultCode", code)
                    .put("reason", text));
            } else if (text.startsWith("skip-newer")) {
                skippedNewer++;
            } else if (text.startsWith("skip-identical")) {
                skippedIdentical++;
            } else {
                restored++;
                bytes += entry.source().size();
            }
        }
        report.put("tasks", tasks).put("restored", restored).put("skippedNewer", skippedNewer)
            .put("skippedIdentical", skippedIdentical).put("failed", failures.size()).put("bytes", bytes);
        final ArrayNode failed = report.putArray("failures");
        failures.forEach(failed::add);
        return report;
    }

    /** The command that starts the job in AWS, with the manifest just written and the L3's outputs. */
    static String createJob(final Arguments arguments, final String manifestKey, final String manifestETag) {
        final ObjectNode operation = JSON.createObjectNode();
        operation.putObject("LambdaInvoke").put("FunctionArn", arguments.functionArn())
            .put("InvocationSchemaVersion", "2.0").set("UserArguments", userArguments(arguments));
        final ObjectNode manifest = JSON.createObjectNode();
        manifest.putObject("Spec").put("Format", "S3BatchOperations_CSV_20180820").putArray("Fields")
            .add("Bucket").add("Key");
        manifest.putObject("Location").put("ObjectArn", "arn:aws:s3:::" + arguments.workBucket() + "/" + manifestKey)
            .put("ETag", manifestETag.replace("\"", ""));
        final ObjectNode report = JSON.createObjectNode()
            .put("Bucket", "arn:aws:s3:::" + arguments.workBucket()).put("Prefix", arguments.workKey("report"))
            .put("Format", "Report_CSV_20180820").put("Enabled", true).put("ReportScope", "AllTasks");
        return String.format("Start the job (the L3 outputs the function's and the Batch Operations role's ARNs):%n"
            + "aws s3control create-job --account-id %s --no-confirmation-required --priority 10 --role-arn %s "
            + "--operation '%s' --manifest '%s' --report '%s'", arguments.accountId(), arguments.roleArn(),
            operation, manifest, report);
    }

    /** The job's user arguments ({@link RestoreOptions}): as of when, whether newer objects go, planned tasks. */
    public static ObjectNode userArguments(final Instant asOf, final boolean overwriteNewer) {
        final ObjectNode userArguments = JSON.createObjectNode()
            .put(RestoreOptions.OVERWRITE_NEWER_ARGUMENT, String.valueOf(overwriteNewer))
            .put(RestoreOptions.PLANNED_TASKS_ARGUMENT, "true");
        if (asOf != null) {
            userArguments.put(RestoreOptions.AS_OF_ARGUMENT, asOf.toString());
        }
        return userArguments;
    }

    private static ObjectNode userArguments(final Arguments arguments) {
        return userArguments(arguments.asOf(), arguments.overwriteNewer());
    }

    /** What the handler needs of a Lambda context: the time left and a logger. */
    private record CommandContext(Clock clock, Duration timeout, PrintStream out, Instant started)
        implements Context {

        CommandContext(final Clock clock, final Duration timeout, final PrintStream out) {
            this(clock, timeout, out, clock.instant());
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, timeout.minus(Duration.between(started, clock.instant())).toMillis());
        }

        @Override
        public String getFunctionName() {
            return "restore-command";
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(final String message) {
                    out.print(message);
                }

                @Override
                public void log(final byte[] message) {
                    out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }

        @Override
        public String getAwsRequestId() {
            return "restore-command";
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }
    }
}
