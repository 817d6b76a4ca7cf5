package io.cfnazure.benchmarks;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerListDetails;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobContainersOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.benchmarks.SignIn.CredentialSet;
import io.cfnazure.benchmarks.donothing.ContainerDoNothingHandler;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Warm actions in this JVM, one handler instance per sign-in mode for all its invocations as a warm Lambda function
 * keeps it: each action through {@code HandlerWrapper::handleRequest} in each mode, the raw Azure SDK calls that action
 * makes, and the same request to the do-nothing handler, in rotating order. Iterations alternate between two
 * credential sets per mode (two Entra ID apps, with their own secrets or trusting the caller's role), so the secret
 * and token caches show whether they keep one entry per set.
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
    /** The second app of each mode, beside the local cloud's own. */
    private static final Map<SignIn, String> SECOND_CLIENT_IDS = Map.of(
        SignIn.CLIENT_SECRET, "0c7e3a52-6d1b-4f7e-9b8a-3f2d1c0b9a87",
        SignIn.AWS_WEB_IDENTITY, "5a1d9e27-3c4b-4f80-8e6d-2b7c0f9a1d35");

    final List<SignIn> signIns;
    final Map<SignIn, Map<Action, Samples>> handler = new EnumMap<>(SignIn.class);
    final Map<Action, Samples> raw = samplesPerAction();
    final Map<Action, Samples> doNothing = samplesPerAction();
    /** Each app's sign-in requests over the whole warm phase, warm-up included. */
    final Map<CredentialSet, RoundTrips> roundTrips = new LinkedHashMap<>();
    /** Handler invocations per mode, warm-up included. */
    final Map<SignIn, Integer> invocations = new EnumMap<>(SignIn.class);

    private final LocalCloud cloud;
    private final Map<SignIn, List<CredentialSet>> credentialSets = new EnumMap<>(SignIn.class);
    private final Map<SignIn, CloudFormationDriver> providerCfn = new EnumMap<>(SignIn.class);
    private final CloudFormationDriver doNothingCfn;
    private final BlobServiceClient rawService;
    private final List<String> handlerLog = Collections.synchronizedList(new ArrayList<>());

    WarmActions(final LocalCloud cloud, final List<SignIn> signIns) {
        this.cloud = cloud;
        this.signIns = List.copyOf(signIns);
        for (final SignIn signIn : signIns) {
            final List<CredentialSet> sets = List.of(signIn.localCloudApp(),
                signIn.newApp(cloud, SECOND_CLIENT_IDS.get(signIn)));
            credentialSets.put(signIn, sets);
            sets.forEach(set -> roundTrips.put(set, new RoundTrips(0, 0, 0)));
            handler.put(signIn, samplesPerAction());
            invocations.put(signIn, 0);
            providerCfn.put(signIn, driver(new HandlerWrapper()::handleRequest));
        }
        this.doNothingCfn = driver(new ContainerDoNothingHandler()::handleRequest);
        this.rawService = cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT);
    }

    void run(final int warmup, final int iterations) {
        for (int i = 0; i < warmup + iterations; i++) {
            iteration(i, i >= warmup);
            if (i >= warmup && (i - warmup + 1) % 10 == 0) {
                System.out.printf("warm iteration %d/%d%n", i - warmup + 1, iterations);
            }
        }
    }

    List<CredentialSet> credentialSets(final SignIn signIn) {
        return credentialSets.get(signIn);
    }

    /** One iteration: each action once per mode, on a container of each mode's own, as one of the mode's apps. */
    private void iteration(final int index, final boolean counted) {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        final List<ModeTurn> turns = signIns.stream().map(signIn -> {
            final List<CredentialSet> sets = credentialSets.get(signIn);
            return new ModeTurn(signIn, sets.get(index % sets.size()), "warm-h" + signIn.ordinal() + "-" + suffix);
        }).toList();
        final BlobContainerClient rawContainer = rawService.getBlobContainerClient("warm-r-" + suffix);

        measure(index, counted, Action.CREATE, turns, Requests::create, () -> {
            rawContainer.createWithResponse(rawCreateMetadata(), null, TIME_LIMIT, Context.NONE);
            rawContainer.getPropertiesWithResponse(null, TIME_LIMIT, Context.NONE);
        });
        measure(index, counted, Action.READ, turns, Requests::read,
            () -> rawContainer.getPropertiesWithResponse(null, TIME_LIMIT, Context.NONE));
        measure(index, counted, Action.UPDATE, turns, Requests::update, () -> {
            rawContainer.getPropertiesWithResponse(null, TIME_LIMIT, Context.NONE);
            rawContainer.setMetadataWithResponse(Requests.UPDATED_METADATA, null, TIME_LIMIT, Context.NONE);
            rawContainer.getPropertiesWithResponse(null, TIME_LIMIT, Context.NONE);
        });
        measure(index, counted, Action.LIST, turns, (requests, container) -> requests.list(),
            () -> rawService.listBlobContainers(new ListBlobContainersOptions().setMaxResultsPerPage(CONTAINER_PAGE)
                    .setDetails(new BlobContainerListDetails().setRetrieveMetadata(true)), TIME_LIMIT)
                .iterableByPage(CONTAINER_PAGE).iterator().next());
        measure(index, counted, Action.DELETE, turns, Requests::delete, () -> {
            rawContainer.listBlobs(new ListBlobsOptions().setMaxResultsPerPage(BLOB_PAGE)
                .setDetails(new BlobListDetails().setRetrieveVersions(true).setRetrieveSnapshots(true)
                    .setRetrieveDeletedBlobs(true).setRetrieveUncommittedBlobs(true)), TIME_LIMIT)
                .iterableByPage(BLOB_PAGE).iterator().next();
            rawContainer.deleteWithResponse(null, TIME_LIMIT, Context.NONE);
        });
    }

    /** A mode's share of one iteration: the app it signs in as, and its container. */
    private record ModeTurn(SignIn signIn, CredentialSet app, String container) {

        HandlerRequest request(final BiFunction<Requests, String, HandlerRequest> action) {
            return action.apply(new Requests(app), container);
        }
    }

    /**
     * The ways of doing one action (the handler in each mode, the raw SDK calls, the do-nothing handler), in an order
     * that rotates with each iteration. The do-nothing handler gets the first mode's request: it reads none of it.
     */
    private void measure(final int index, final boolean counted, final Action action, final List<ModeTurn> turns,
                         final BiFunction<Requests, String, HandlerRequest> request, final Runnable rawCalls) {
        final List<Runnable> variants = new ArrayList<>();
        for (final ModeTurn turn : turns) {
            variants.add(() -> invokeHandler(counted, action, turn, turn.request(request)));
        }
        variants.add(() -> record(counted, raw, action, rawCalls));
        final HandlerRequest doNothingRequest = turns.get(0).request(request);
        variants.add(() -> record(counted, doNothing, action,
            () -> expectSuccess(action, doNothingCfn.invokeOnce(doNothingRequest))));
        for (int i = 0; i < variants.size(); i++) {
            variants.get((index + i) % variants.size()).run();
        }
    }

    /** The handler of the turn's mode, timed; its sign-in requests counted for the turn's app, outside the timing. */
    private void invokeHandler(final boolean counted, final Action action, final ModeTurn turn,
                               final HandlerRequest request) {
        final RoundTrips before = RoundTrips.countedBy(cloud, turn.app().clientId());
        record(counted, handler.get(turn.signIn()), action,
            () -> expectSuccess(action, providerCfn.get(turn.signIn()).invokeOnce(request)));
        final RoundTrips after = RoundTrips.countedBy(cloud, turn.app().clientId());
        roundTrips.merge(turn.app(), after.minus(before), RoundTrips::plus);
        invocations.merge(turn.signIn(), 1, Integer::sum);
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
