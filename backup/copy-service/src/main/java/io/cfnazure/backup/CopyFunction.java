package io.cfnazure.backup;

import com.amazonaws.services.lambda.runtime.Context;
import com.azure.storage.blob.BlobContainerClient;
import io.cfnazure.access.signin.AzureSignInResolver;
import io.cfnazure.access.calls.Causes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import reactor.core.publisher.Hooks;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What a warm function keeps between invocations (settings, SDK clients, the Azure connector, buffers and threads),
 * and the handling of one batch, shared by both entry points: sign in once, handle the items in parallel, log each
 * failure with its reason, publish the batch's metrics.
 */
public final class CopyFunction {

    static {
        // Reactor, under the Azure SDK, reports an error that arrives after its request was given up (a call cut
        // short at the deadline) as a multi-line stack trace on standard output, the function's log. That item's
        // failure is already logged; anything else dropped is one line.
        Hooks.onErrorDropped(error -> {
            if (Causes.find(error, CancellationException.class) == null) {
                new CopyLog(System.out).dropped(error);
            }
        });
    }

    /**
     * Blocks of one large object uploading at once, to Azure (the copy) or to S3 (the restore's parts): with the
     * one being read, at most seven blocks of 8 MiB of one object in memory ({@link BlockUploads}).
     */
    static final int BLOCKS_IN_FLIGHT = 6;
    /** Threads for the requests that run beside a copy's own thread: staged blocks, a small object's S3 read. */
    private static final int REQUEST_THREADS = 16;

    /** One SQS message or Batch Operations task, and the objects it names (parsing may fail, per item). */
    public record Item(String id, Supplier<List<ObjectEvent>> events) {
    }

    /**
     * What an entry point does with one object: copy it (SQS, Batch Operations), or another job of the same jar
     * (restore) with the same sign-in, parallelism, failure log and metrics.
     */
    @FunctionalInterface
    public interface ObjectAction {
        CopyOutcome apply(ObjectEvent event, Supplier<BlobContainerClient> container, InvocationTime time);

        /** The object as the failure log names it. */
        default String describe(final ObjectEvent event) {
            return event.describe();
        }
    }

    /** Either the outcomes of every object of the item, or why the item failed. */
    public record ItemResult(String id, List<CopyOutcome> outcomes, CopyFailure failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    private static final String KEEP_ALIVE_CONNECTIONS = "http.maxConnections";
    private static volatile CopyFunction fromEnvironment;

    private final AzureContainerConnector connector;
    private final ObjectCopier copier;
    private final S3Client s3;
    private final CopyFailure setupFailure;
    private final SqsRedelivery sqsRedelivery;
    private final BatchMetrics metrics;
    private final CopyLog log;
    private final Clock clock;
    private final ExecutorService itemWorkers;

    /**
     * @param concurrentCopies items of one batch copied at once
     * @param sqs              the function role's SQS client, built when first needed
     */
    CopyFunction(final AzureContainerConnector connector, final ObjectCopier copier, final int concurrentCopies,
                 final Supplier<SqsClient> sqs, final BatchMetrics metrics, final CopyLog log, final Clock clock) {
        this(connector, copier, null, null, concurrentCopies, sqs, metrics, log, clock);
    }

    private CopyFunction(final AzureContainerConnector connector, final ObjectCopier copier, final S3Client s3,
                         final CopyFailure setupFailure, final int concurrentCopies, final Supplier<SqsClient> sqs,
                         final BatchMetrics metrics, final CopyLog log, final Clock clock) {
        this.itemWorkers = Executors.newFixedThreadPool(concurrentCopies, daemon("copy-item"));
        this.connector = connector;
        this.copier = copier;
        this.s3 = s3;
        this.setupFailure = setupFailure;
        this.sqsRedelivery = new SqsRedelivery(sqs, log, clock);
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    /** The function of this process, set up from its environment on first use (Lambda's init, or the first call). */
    public static CopyFunction fromEnvironment() {
        CopyFunction function = fromEnvironment;
        if (function == null) {
            synchronized (CopyFunction.class) {
                function = fromEnvironment;
                if (function == null) {
                    function = create(System.getenv(), Clock.systemUTC());
                    fromEnvironment = function;
                }
            }
        }
        return function;
    }

    /**
     * Builds the function from settings. S3, SQS, Secrets Manager and STS use the function's role, its Region and any
     * endpoint the AWS SDK's standard settings name (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SQS, tests); an invalid
     * setting makes a function that fails every item with the reason.
     */
    public static CopyFunction create(final Map<String, String> environment, final Clock clock) {
        final BatchMetrics metrics = BatchMetrics.toStandardOutput();
        final CopyLog log = new CopyLog(System.out);
        CopyServiceConfig config = null;
        CopyServiceConfig.InvalidSettingException invalid = null;
        try {
            config = CopyServiceConfig.fromEnvironment(environment);
        } catch (final CopyServiceConfig.InvalidSettingException e) {
            invalid = e;
        }
        final BlockBuffers buffers = config == null ? null
            : new BlockBuffers(config.blockSizeBytes(), BlockBuffers.defaultBudget());
        final int concurrentCopies = config == null ? 1 : config.concurrentCopiesWithin(buffers.budgetBytes());
        final SdkHttpClient http = awsHttpClient(concurrentCopies);
        // Only a failed SQS message needs SQS: a cold start builds no client for it.
        final Supplier<SqsClient> sqs = new Supplier<>() {
            private SqsClient client;

            @Override
            public synchronized SqsClient get() {
                if (client == null) {
                    client = SqsClient.builder().httpClient(http).build();
                }
                return client;
            }
        };
        try {
            if (invalid != null) {
                throw invalid;
            }
            final S3Client s3 = S3Client.builder().httpClient(http).build();
            // Only the client of the configured sign-in: each one built costs the cold start.
            final boolean withSecret = AzureSignInResolver.CLIENT_SECRET.equals(
                config.azureCredentials().method());
            final SecretsManagerClient secretsManager = withSecret
                ? SecretsManagerClient.builder().httpClient(http).build() : null;
            // The Region's own endpoint, as the SDK resolves it: the global one does not issue web identity tokens.
            final StsClient sts = withSecret ? null : StsClient.builder().httpClient(http).build();
            return new CopyFunction(new AzureContainerConnector(config, secretsManager, sts, clock),
                new ObjectCopier(s3, buffers,
                    Executors.newFixedThreadPool(Math.max(REQUEST_THREADS, concurrentCopies), daemon("copy-request")),
                    BLOCKS_IN_FLIGHT, config.mirrorDeletes(), config.assumedBytesPerSecond()),
                s3, null, concurrentCopies, sqs, metrics, log, clock);
        } catch (final CopyServiceConfig.InvalidSettingException e) {
            return new CopyFunction(null, null, null, CopyFailure.permanent(e.getMessage(), e), 1, sqs, metrics, log,
                clock);
        }
    }

    /**
     * The HTTP client of every AWS request (S3, and SQS, Secrets Manager or STS when needed): the JDK's
     * HttpURLConnection, whose keep-alive cache keeps at most {@code http.maxConnections} idle connections per host,
     * 5 unless the JVM was told otherwise. With more copies at once, the connections of the others would be closed
     * after each request and every object would open a new TLS connection to S3; so, unless set, it is raised to the
     * copies at once before the first request (the JDK reads it once).
     */
    public static SdkHttpClient awsHttpClient(final int concurrentCopies) {
        if (System.getProperty(KEEP_ALIVE_CONNECTIONS) == null) {
            System.setProperty(KEEP_ALIVE_CONNECTIONS, String.valueOf(Math.max(5, concurrentCopies)));
        }
        return UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(30))
            .build();
    }

    /** Where the SQS entry point sets the next delivery of its failed messages. */
    SqsRedelivery sqsRedelivery() {
        return sqsRedelivery;
    }

    /** The function role's S3 client (null when the settings are invalid: every item fails with the reason). */
    public S3Client s3() {
        return s3;
    }

    /**
     * The blocks of large objects on their way, with the copy's buffers and request threads: the restore's parts
     * share them, so copies and restores in one process together stay within one budget (null when the settings are
     * invalid).
     */
    public BlockUploads blockUploads() {
        return copier == null ? null : copier.blocks();
    }

    /** The copy of an object into its blob: the SQS and Batch Operations entry points' action. */
    public ObjectAction copy() {
        return (event, container, time) -> copier.apply(event, container, time);
    }

    /** Handles one batch within the invocation's remaining time; its metrics name the invocation's function. */
    public List<ItemResult> handle(final String entryPoint, final List<Item> items, final Context invocation) {
        return handle(entryPoint, items, invocation, copy());
    }

    /** Handles one batch with {@code action} for each object of each item. */
    public List<ItemResult> handle(final String entryPoint, final List<Item> items, final Context invocation,
                                   final ObjectAction action) {
        final long started = clock.millis();
        final InvocationTime time = InvocationTime.startingNow(clock,
            Duration.ofMillis(invocation.getRemainingTimeInMillis()));
        final Supplier<BlobContainerClient> container = signInOnce(time);
        final List<ItemResult> results = new ArrayList<>();
        if (items.size() == 1) {
            results.add(handle(entryPoint, items.get(0), action, container, time));
        } else {
            final List<Future<ItemResult>> pending = new ArrayList<>();
            items.forEach(item -> pending.add(itemWorkers.submit(() -> handle(entryPoint, item, action, container, time))));
            for (int i = 0; i < pending.size(); i++) {
                results.add(result(items.get(i), pending.get(i)));
            }
        }
        metrics.publish(entryPoint, invocation.getFunctionName(), summary(results, clock.millis() - started));
        return results;
    }

    private ItemResult handle(final String entryPoint, final Item item, final ObjectAction action,
                              final Supplier<BlobContainerClient> container, final InvocationTime time) {
        ObjectEvent current = null;
        try {
            if (setupFailure != null) {
                throw setupFailure;
            }
            final List<CopyOutcome> outcomes = new ArrayList<>();
            for (final ObjectEvent event : item.events().get()) {
                current = event;
                outcomes.add(action.apply(event, container, time));
            }
            return new ItemResult(item.id(), outcomes, null);
        } catch (final CopyFailure failure) {
            log.failure(entryPoint, item.id(), current == null ? null : action.describe(current), failure);
            return new ItemResult(item.id(), List.of(), failure);
        } catch (final RuntimeException e) {
            final CopyFailure failure = CopyFailure.transientFailure(String.format("Unexpected %s; it will be retried. "
                + "Please report it with this log line.", e.getClass().getName()), e);
            log.failure(entryPoint, item.id(), current == null ? null : action.describe(current), failure);
            return new ItemResult(item.id(), List.of(), failure);
        }
    }

    /** The container's client, signed in on first need; a failed sign-in fails every item with the same reason. */
    private Supplier<BlobContainerClient> signInOnce(final InvocationTime time) {
        return new Supplier<>() {
            private BlobContainerClient client;
            private CopyFailure failure;

            @Override
            public synchronized BlobContainerClient get() {
                if (client == null && failure == null) {
                    try {
                        client = connector.connect(time.deadline());
                    } catch (final CopyFailure e) {
                        failure = e;
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                return client;
            }
        };
    }

    private static ItemResult result(final Item item, final Future<ItemResult> pending) {
        try {
            return pending.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ItemResult(item.id(), List.of(), CopyFailure.transientFailure("Interrupted.", e));
        } catch (final ExecutionException e) {
            return new ItemResult(item.id(), List.of(), CopyFailure.transientFailure("Unexpected "
                + e.getCause().getClass().getName() + "; it will be retried.", e.getCause()));
        }
    }

    private static BatchMetrics.Summary summary(final List<ItemResult> results, final long latencyMillis) {
        int objects = 0;
        int unverified = 0;
        long bytes = 0;
        int skipped = 0;
        int deleted = 0;
        int failures = 0;
        int permanent = 0;
        for (final ItemResult result : results) {
            if (!result.succeeded()) {
                failures++;
                permanent += result.failure().isTransient() ? 0 : 1;
            }
            for (final CopyOutcome outcome : result.outcomes()) {
                switch (outcome.result()) {
                    case COPIED -> {
                        objects++;
                        unverified += outcome.unverified() ? 1 : 0;
                        bytes += outcome.bytes();
                    }
                    case DELETED -> deleted++;
                    case ALREADY_COPIED, STALE, SUPERSEDED -> skipped++;
                    case KEPT, IGNORED -> {
                    }
                }
            }
        }
        return new BatchMetrics.Summary(objects, unverified, bytes, skipped, deleted, failures, permanent,
            latencyMillis);
    }

    private static java.util.concurrent.ThreadFactory daemon(final String name) {
        return runnable -> {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
