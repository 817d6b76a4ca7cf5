package io.cfnazure.blobstorage.container;

import io.cfnazure.blobstorage.container.azure.AzureClients;
import io.cfnazure.blobstorage.container.credentials.CallerCredentialClients;
import io.cfnazure.blobstorage.container.handlers.CallbackContext;
import io.cfnazure.blobstorage.container.handlers.Invocation;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import io.cfnazure.cloudformation.ResourceLambdaWrapper;
import io.cfnazure.cloudformation.ResourceType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lambda entry point CloudFormation calls ({@code handleRequest}) and the one {@code cfn test} calls
 * ({@code testEntrypoint}), see {@link ResourceLambdaWrapper}. Written by hand: the build does not need
 * {@code cfn generate}. This type's own part: priming the libraries during a cold start.
 */
public class HandlerWrapper extends ResourceLambdaWrapper<ResourceModel, CallbackContext, TypeConfigurationModel> {

    /** Started when Lambda loads this class, in its init phase; the first invocation waits for it (see below). */
    private static final CompletableFuture<Void> PRIMED = ColdStartPriming.start();

    @Override
    protected ResourceType<ResourceModel, CallbackContext, TypeConfigurationModel, Invocation> resourceType() {
        return ResourceHandlers.CONTAINER;
    }

    @Override
    protected void beforeHandler() {
        ColdStartPriming.awaitQuietly(PRIMED);
    }

    /**
     * A cold start's first invocation would load and initialise thousands of classes one after the other: the AWS
     * SDK's Secrets Manager and STS clients and their request handling, Azure Storage's and Azure Identity's clients
     * with Reactor and MSAL. These groups do not depend on each other, so two background threads load them during Lambda's init
     * phase and the wrapper's own start, by building the same clients and making their calls against answers in
     * memory ({@link CallerCredentialClients#prime}, {@link AzureClients#prime()}). No request leaves the process and
     * no value is real; the clients that serve requests are the usual ones. This shortens a cold start where a second
     * core is free, and costs a little CPU time where none is.
     */
    private static final class ColdStartPriming {

        /** Far longer than priming takes; only a stuck priming thread would make the invocation wait this long. */
        private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

        static CompletableFuture<Void> start() {
            final ExecutorService threads = Executors.newFixedThreadPool(2, task -> {
                final Thread thread = new Thread(task, "cold-start-priming");
                thread.setDaemon(true);
                return thread;
            });
            final CompletableFuture<Void> primed = CompletableFuture.allOf(
                CompletableFuture.runAsync(ColdStartPriming::aws, threads),
                CompletableFuture.runAsync(AzureClients::prime, threads));
            primed.whenComplete((done, failure) -> threads.shutdown());
            return primed;
        }

        /**
         * Waits for priming before the handler runs, so that it never initialises a class of these libraries while a
         * priming thread does (two threads initialising classes that need each other would wait for each other). The
         * invocation's deadline is taken after the wait. A failed priming is ignored: the handler then loads what it
         * needs itself.
         */
        static void awaitQuietly(final CompletableFuture<Void> primed) {
            try {
                primed.get(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (final ExecutionException | TimeoutException e) {
                // Priming only saves time.
            }
        }

        /**
         * The Secrets Manager and STS clients of the function's own Region (Lambda's AWS_REGION), where CloudFormation
         * invokes it.
         */
        private static void aws() {
            final String region = System.getenv("AWS_REGION");
            if (region != null) {
                CallerCredentialClients.prime(region);
            }
        }
    }
}
