package io.cfnazure.benchmarks;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerListDetails;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobContainersOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.benchmarks.Requests.CredentialSet;
import io.cfnazure.benchmarks.donothing.DoNothingHandler;
import io.cfnazure.blobstorage.container.HandlerWrapper;
import io.cfnazure.blobstorage.container.model.Translator;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Warm actions in this JVM, one handler instance for all invocations as a warm Lambda function keeps it: each action
 * through {@code HandlerWrapper::handleRequest}, the raw Azure SDK calls that action makes, and the same request to the
 * do-nothing handler, in rotating order. Iterations alternate between two credential sets (two Entra ID apps with
 * their own secrets), so the secret and token caches show whether they keep one entry per set.
 */
final class WarmActions {

    enum Action { CREATE, READ, UPDATE, LIST, DELETE }

    /**
     * The raw calls are the SDK calls the handler makes, with the same arguments: the same page sizes and details
     * (ListHandler, DeleteHandler), and a time limit on each, as the handler passes what remains of its deadline.
     */
    private static final Duration TIME_LIMIT = Duration.ofSeconds(30);
    private static final int CONTAINER_PAGE = 100;
    private static final int BLOB_PAGE = 1000;
    private static final String SECOND_CLIENT_ID = "0c7e3a52-6d1b-4f7e-9b8a-3f2d1c0b9a87";
    private static final String SECOND_SECRET_NAME = "azure/blobstorage/benchmark-second-app";

    final Map<Action, Samples> handler = samplesPerAction();
    final Map<Action, Samples> raw = samplesPerAction();
    final Map<Action, Samples> doNothing = samplesPerAction();
    /** Secret id → GetSecretValue calls; client id → tokens issued; over the whole warm phase, warm-up included. */
    final Map<String, Integer> secretReads = new HashMap<>();
    final Map<String, Integer> tokens = new HashMap<>();
    int invocations;

    private final LocalCloud cloud;
    private final List<CredentialSet> credentialSets;
    private final CloudFormationDriver providerCfn;
    private final CloudFormationDriver doNothingCfn;
    private final BlobServiceClient rawService;
    private final List<String> handlerLog = Collections.synchronizedList(new ArrayList<>());

    WarmActions(final LocalCloud cloud) {
        this.cloud = cloud;
        final String secondSecret = "Bq7W~Benchmark.Second-App_" + UUID.randomUUID();
        cloud.entraId().registerApp(LocalCloud.TENANT_ID, SECOND_CLIENT_ID, secondSecret);
        cloud.secretsManager().putSecret(SECOND_SECRET_NAME, secondSecret);
        this.credentialSets = List.of(CredentialSet.LOCAL_CLOUD, new CredentialSet(SECOND_CLIENT_ID, SECOND_SECRET_NAME));
        this.providerCfn = driver(new HandlerWrapper()::handleRequest);
        this.doNothingCfn = driver(new DoNothingHandler()::handleRequest);
        this.rawService = cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT);
    }

    void run(final int warmup, final int iterations) {
        final List<String> secretIdsBefore = cloud.secretsManager().requestedSecretIds();
        final Map<String, Integer> tokensBefore = tokensByClient();
        for (int i = 0; i < warmup + iterations; i++) {
            iteration(i, i >= warmup);
            if (i >= warmup && (i - warmup + 1) % 10 == 0) {
                System.out.printf("warm iteration %d/%d%n", i - warmup + 1, iterations);
            }
        }
        final List<String> secretIds = cloud.secretsManager().requestedSecretIds();
        secretIds.subList(secretIdsBefore.size(), secretIds.size()).forEach(id -> secretReads.merge(id, 1, Integer::sum));
        tokensByClient().forEach((client, count) -> tokens.put(client, count - tokensBefore.get(client)));
    }

    List<CredentialSet> credentialSets() {
        return credentialSets;
    }

    private void iteration(final int index, final boolean counted) {
        final Requests requests = new Requests(credentialSets.get(index % credentialSets.size()));
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        final String viaHandler = "warm-h-" + suffix;
        final String viaSdk = "warm-r-" + suffix;
        final BlobContainerClient rawContainer = rawService.getBlobContainerClient(viaSdk);

        measure(index, counted, Action.CREATE, requests.create(viaHandler), () -> {
            rawContainer.createWithResponse(rawCreateMetadata(), null, TIME_LIMIT, Context.NONE);
            rawContainer.getPropertiesWithResponse(null, TIME_LIMIT, Context.NONE);
        });
        measure(index, counted, Action.READ, requests.read(viaHandler),
            () -> rawContainer.getPropertiesWithResponse(null, TIME_LIMIT, Context.NONE));
        measure(index, counted, Action.UPDATE, requests.update(viaHandler), () -> {
            rawContainer.getPropertiesWithResponse(null, TIME_LIMIT, Context.NONE);
            rawContainer.setMetadataWithResponse(Requests.UPDATED_METADATA, null, TIME_LIMIT, Context.NONE);
            rawContainer.getPropertiesWithResponse(null, TIME_LIMIT, Context.NONE);
        });
        measure(index, counted, Action.LIST, requests.list(), () -> rawService.listBlobContainers(
            new ListBlobContainersOptions().setMaxResultsPerPage(CONTAINER_PAGE)
                .setDetails(new BlobContainerListDetails().setRetrieveMetadata(true)), TIME_LIMIT)
            .iterableByPage(CONTAINER_PAGE).iterator().next());
        measure(index, counted, Action.DELETE, requests.delete(viaHandler), () -> {
            rawContainer.listBlobs(new ListBlobsOptions().setMaxResultsPerPage(BLOB_PAGE)
                .setDetails(new BlobListDetails().setRetrieveVersions(true).setRetrieveSnapshots(true)
                    .setRetrieveDeletedBlobs(true).setRetrieveUncommittedBlobs(true)), TIME_LIMIT)
                .iterableByPage(BLOB_PAGE).iterator().next();
            rawContainer.deleteWithResponse(null, TIME_LIMIT, Context.NONE);
        });
    }

    /** The three ways of doing one action, in an order that rotates with each iteration. */
    private void measure(final int index, final boolean counted, final Action action, final HandlerRequest request,
                         final Runnable rawCalls) {
        final List<Runnable> variants = List.of(
            () -> record(counted, handler, action, () -> expectSuccess(action, providerCfn.invokeOnce(request))),
            () -> record(counted, raw, action, rawCalls),
            () -> record(counted, doNothing, action, () -> expectSuccess(action, doNothingCfn.invokeOnce(request))));
        for (int i = 0; i < variants.size(); i++) {
            variants.get((index + i) % variants.size()).run();
        }
    }

    private void record(final boolean counted, final Map<Action, Samples> samples, final Action action,
                        final Runnable work) {
        final long start = System.nanoTime();
        work.run();
        final long elapsed = System.nanoTime() - start;
        if (counted) {
            samples.get(action).addNanos(elapsed);
        }
    }

    private void expectSuccess(final Action action, final JsonNode event) {
        invocations++;
        if (!"SUCCESS".equals(event.path("status").asText())) {
            throw new IllegalStateException(action + " answered " + event + "; handler log:\n"
                + String.join("\n", handlerLog.subList(Math.max(0, handlerLog.size() - 20), handlerLog.size())));
        }
    }

    /** What the handler's Create sends: the user's metadata and the request token's hash under the reserved key. */
    private static Map<String, String> rawCreateMetadata() {
        final Map<String, String> metadata = new HashMap<>(Requests.CREATED_METADATA);
        metadata.put(Translator.CREATED_BY_REQUEST_KEY, Translator.createdByRequestValue(UUID.randomUUID().toString()));
        return metadata;
    }

    private Map<String, Integer> tokensByClient() {
        final Map<String, Integer> counts = new HashMap<>();
        credentialSets.forEach(set -> counts.put(set.clientId(), cloud.entraId().tokenRequests(set.clientId())));
        return counts;
    }

    private CloudFormationDriver driver(final com.amazonaws.services.lambda.runtime.RequestStreamHandler entryPoint) {
        return CloudFormationDriver.forType(Requests.SCHEMA, entryPoint)
            .account(LocalCloud.AWS_ACCOUNT_ID, LocalCloud.REGION, cloud::callerCredentials)
            .handlerLog(handlerLog::add)
            .build();
    }

    private static Map<Action, Samples> samplesPerAction() {
        final Map<Action, Samples> samples = new EnumMap<>(Action.class);
        for (final Action action : Action.values()) {
            samples.put(action, new Samples());
        }
        return samples;
    }
}
