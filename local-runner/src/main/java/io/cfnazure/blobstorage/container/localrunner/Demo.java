package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.LocalCloud;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code ./cfn-local demo}: the example stack's whole life on the embedded emulators, each step checked: create,
 * update (metadata changed in place, a renamed container replaced), drift detection, listing, deletion, and proof
 * that none of the containers the stack ever had is left. With {@code --sign-in aws-web-identity} the same unchanged
 * templates sign in without a secret (the type configuration says so, and the AzureClientId parameter names the app
 * that trusts the caller's AWS web identity tokens), and a last step proves that no secret was read. With
 * {@code --account}, a second stack in eu-central-1 makes a storage account where the stack's country is and a
 * container in it, managed through Azure Resource Manager, with a retention policy and a legal hold; it updates the
 * account, checks drift, clears the hold as a user must before deleting, and deletes both.
 */
final class Demo {

    static final String STACK_NAME = "demo";
    static final String TEMPLATE = "backup-container.yaml";
    static final String UPDATED_TEMPLATE = "backup-container-v2.yaml";
    static final String ACCOUNT_STACK_NAME = "dr-account";
    static final String ACCOUNT_TEMPLATE = "dr-account-and-container.yaml";
    /** Frankfurt: the account goes to the Azure region in Germany. */
    static final String ACCOUNT_STACK_REGION = "eu-central-1";
    private static final int ACCOUNT_STEPS = 5;
    private static final String CONTAINER_ID = "DrCopies";
    /** The account example's parameter that names the container's legal hold, and its default. */
    private static final String LEGAL_HOLD_PARAMETER = "LegalHoldTag";
    private static final String LEGAL_HOLD = "drcopies";
    /** Small pages, so that the listing shows the List handler's paging. */
    private static final int PAGE_SIZE = 1;

    private final Runner runner;
    /** The runner of the account stack's Region; null without --account. */
    private final Runner accountRunner;
    private final EventPrinter printer;
    private final Path examples;
    private final LocalCloud cloud;
    private final SignIn signIn;
    private final int steps;
    /** Every container the stack has had: the replaced one too. */
    private final Set<String> stackContainers = new LinkedHashSet<>();

    /**
     * @param runner        a runner of the local target with {@code signIn}'s type configuration
     * @param accountRunner a runner of the local target in {@link #ACCOUNT_STACK_REGION}, for {@code --account};
     *                      null without
     */
    Demo(final Runner runner, final Runner accountRunner, final EventPrinter printer, final Path examples,
         final LocalCloud cloud, final SignIn signIn) {
        this.runner = runner;
        this.accountRunner = accountRunner;
        this.printer = printer;
        this.examples = examples;
        this.cloud = cloud;
        this.signIn = signIn;
        this.steps = (signIn == SignIn.AWS_WEB_IDENTITY ? 7 : 6) + (accountRunner == null ? 0 : ACCOUNT_STEPS);
    }

    boolean run() {
        final Counters before = counters();
        final boolean succeeded =
            step(1, "Deploy examples/" + TEMPLATE + " as stack " + STACK_NAME, () -> deploy(TEMPLATE))
            && step(2, "Deploy examples/" + UPDATED_TEMPLATE + ": metadata changes in place, a renamed container is "
                + "replaced", () -> deploy(UPDATED_TEMPLATE))
            && step(3, "Describe the stack: drift detection through the Read handler",
                () -> runner.describe(STACK_NAME, null, null, Map.of()))
            && step(4, "List the storage account's containers: the stack's are there", this::stackIsListed)
            && step(5, "Delete the stack", () -> runner.delete(STACK_NAME))
            && step(6, "List again: nothing of the stack is left", this::nothingIsLeft)
            && (signIn != SignIn.AWS_WEB_IDENTITY || step(7, "No secret was read: Secrets Manager got no request, "
                + "STS and Entra ID each issued one token", () -> nothingButTokens(before)))
            && (accountRunner == null || accountSteps(steps - ACCOUNT_STEPS + 1));
        printer.heading(succeeded ? "Demo complete: every step worked." : "Demo failed.");
        return succeeded;
    }

    /**
     * The account stack: an account with no name and no location from a stack in Frankfurt, and a container in it
     * with a retention policy and a legal hold; an in-place update of the account, drift detection, the hold cleared
     * by an update (a held container cannot be deleted, and a stack whose delete failed cannot be updated, only
     * deleted again), and deletion, with the stand-in's accounts checked.
     */
    private boolean accountSteps(final int first) {
        final List<String> accountsBefore = cloud.resourceManager().storageAccountIds();
        return step(first, "Deploy examples/" + ACCOUNT_TEMPLATE + " as stack " + ACCOUNT_STACK_NAME + " in "
                + ACCOUNT_STACK_REGION + ": a storage account where the stack's country is, and a container in it "
                + "through Azure Resource Manager, with a retention policy and legal hold " + LEGAL_HOLD,
                () -> deployAccountStack(Map.of()) && containerIsProtected(List.of(LEGAL_HOLD)))
            && step(first + 1, "Deploy it again with AccessTier=Cool: the account is updated in place",
                () -> deployAccountStack(Map.of("AccessTier", "Cool")))
            && step(first + 2, "Describe the stack: both types' Read handlers, the retention policy and legal hold "
                + "included", () -> accountRunner.describe(ACCOUNT_STACK_NAME, null, null, Map.of()))
            && step(first + 3, "Deploy it again with " + LEGAL_HOLD_PARAMETER + " empty: the legal hold is cleared, "
                + "as it must be before the stack is deleted", () -> {
                    printer.line("Azure keeps a container under a legal hold, and its account with it: deleting the "
                        + "stack now would fail, and CloudFormation cannot update a stack whose delete failed, only "
                        + "delete it again. So the hold goes first, by an update.");
                    return deployAccountStack(Map.of("AccessTier", "Cool", LEGAL_HOLD_PARAMETER, ""))
                        && containerIsProtected(List.of());
                })
            && step(first + 4, "Delete the stack: the container, then the account", () -> {
                final boolean deleted = accountRunner.delete(ACCOUNT_STACK_NAME);
                final List<String> left = cloud.resourceManager().storageAccountIds().stream()
                    .filter(id -> !accountsBefore.contains(id)).toList();
                printer.line(left.isEmpty() ? "No storage account of the stack is left." : "Still there: " + left);
                return deleted && left.isEmpty();
            });
    }

    private boolean deployAccountStack(final Map<String, String> parameters) {
        return accountRunner.deploy(examples.resolve(ACCOUNT_TEMPLATE), "examples/" + ACCOUNT_TEMPLATE,
            ACCOUNT_STACK_NAME, parameters);
    }

    /** What the container's Read handler reports of its protection, checked against the legal holds expected. */
    private boolean containerIsProtected(final List<String> legalHolds) {
        final Optional<ObjectNode> container = accountRunner.read(ACCOUNT_STACK_NAME, CONTAINER_ID);
        container.ifPresent(model -> printer.line(String.format("%s as Azure reports it: retention policy %s; legal "
            + "holds %s.", CONTAINER_ID, model.path("ImmutabilityPolicy"), model.has("LegalHoldTags")
            ? model.get("LegalHoldTags") : "none")));
        final List<String> reported = new ArrayList<>();
        container.ifPresent(model -> model.path("LegalHoldTags").forEach(tag -> reported.add(tag.asText())));
        return container.isPresent() && container.get().path("ImmutabilityPolicy").isObject()
            && reported.equals(legalHolds);
    }

    private boolean step(final int number, final String title, final BooleanSupplier action) {
        printer.heading(number + "/" + steps + "  " + title);
        return action.getAsBoolean();
    }

    private boolean deploy(final String template) {
        final Map<String, String> parameters = signIn == SignIn.AWS_WEB_IDENTITY
            ? Map.of("AzureClientId", LocalCloud.FEDERATED_CLIENT_ID) : Map.of();
        final boolean deployed = runner.deploy(examples.resolve(template), "examples/" + template, STACK_NAME,
            parameters);
        runner.existingStack(STACK_NAME).ifPresent(stack ->
            stack.resources().values().forEach(resource -> stackContainers.add(resource.physicalId())));
        return deployed;
    }

    private boolean stackIsListed() {
        final Set<String> current = new LinkedHashSet<>();
        runner.existingStack(STACK_NAME).ifPresent(stack ->
            stack.resources().values().forEach(resource -> current.add(resource.physicalId())));
        final Optional<Set<String>> listed = listContainers();
        final boolean allListed = listed.isPresent() && listed.get().containsAll(current);
        if (listed.isPresent() && !allListed) {
            current.removeAll(listed.get());
            printer.line("Missing from the list: " + current);
        }
        return allListed;
    }

    private boolean nothingIsLeft() {
        final Optional<Set<String>> listed = listContainers();
        if (listed.isEmpty()) {
            return false;
        }
        final Set<String> left = new LinkedHashSet<>(stackContainers);
        left.retainAll(listed.get());
        printer.line(left.isEmpty()
            ? String.format("None of the %d containers stack %s had is left.", stackContainers.size(), STACK_NAME)
            : "Still there: " + left);
        return left.isEmpty();
    }

    private Optional<Set<String>> listContainers() {
        return runner.list(LocalCloud.STORAGE_ACCOUNT, PAGE_SIZE).map(Demo::urls);
    }

    /**
     * The handler keeps the caller's AWS token and the app's Entra ID token while this process runs: one of each for
     * the whole demo, and not one Secrets Manager request.
     */
    private boolean nothingButTokens(final Counters before) {
        final Counters used = counters().minus(before);
        printer.line(String.format("Secrets Manager requests: %d. AWS web identity tokens for the caller: %d. "
            + "Entra ID tokens for app %s: %d.", used.secretsManagerRequests(), used.awsTokens(),
            LocalCloud.FEDERATED_CLIENT_ID, used.entraTokens()));
        return used.secretsManagerRequests() == 0 && used.awsTokens() == 1 && used.entraTokens() == 1;
    }

    private Counters counters() {
        return new Counters(cloud.secretsManager().requests(),
            cloud.sts().tokensIssued(cloud.callerCredentials().accessKeyId()),
            cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID));
    }

    private record Counters(int secretsManagerRequests, int awsTokens, int entraTokens) {
        Counters minus(final Counters earlier) {
            return new Counters(secretsManagerRequests - earlier.secretsManagerRequests,
                awsTokens - earlier.awsTokens, entraTokens - earlier.entraTokens);
        }
    }

    private static Set<String> urls(final List<ObjectNode> containers) {
        final Set<String> urls = new LinkedHashSet<>();
        containers.forEach(container -> urls.add(container.path("ContainerUrl").asText()));
        return urls;
    }
}
