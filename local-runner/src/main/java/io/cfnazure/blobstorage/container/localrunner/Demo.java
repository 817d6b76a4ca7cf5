package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code ./cfn-local demo}: the example stack's whole life on the embedded emulators, each step checked: create,
 * update (metadata changed in place, a renamed container replaced), drift detection, listing, deletion, and proof
 * that none of the containers the stack ever had is left.
 */
final class Demo {

    static final String STACK_NAME = "demo";
    static final String TEMPLATE = "backup-container.yaml";
    static final String UPDATED_TEMPLATE = "backup-container-v2.yaml";
    private static final int STEPS = 6;
    /** Small pages, so that the listing shows the List handler's paging. */
    private static final int PAGE_SIZE = 1;

    private final Runner runner;
    private final EventPrinter printer;
    private final Path examples;
    private final String storageAccount;
    /** Every container the stack has had: the replaced one too. */
    private final Set<String> stackContainers = new LinkedHashSet<>();

    Demo(final Runner runner, final EventPrinter printer, final Path examples, final String storageAccount) {
        this.runner = runner;
        this.printer = printer;
        this.examples = examples;
        this.storageAccount = storageAccount;
    }

    boolean run() {
        final boolean succeeded =
            step(1, "Deploy examples/" + TEMPLATE + " as stack " + STACK_NAME, () -> deploy(TEMPLATE))
            && step(2, "Deploy examples/" + UPDATED_TEMPLATE + ": metadata changes in place, a renamed container is "
                + "replaced", () -> deploy(UPDATED_TEMPLATE))
            && step(3, "Describe the stack: drift detection through the Read handler",
                () -> runner.describe(STACK_NAME, null, null, Map.of()))
            && step(4, "List the storage account's containers: the stack's are there", this::stackIsListed)
            && step(5, "Delete the stack", () -> runner.delete(STACK_NAME))
            && step(6, "List again: nothing of the stack is left", this::nothingIsLeft);
        printer.heading(succeeded ? "Demo complete: every step worked." : "Demo failed.");
        return succeeded;
    }

    private boolean step(final int number, final String title, final BooleanSupplier action) {
        printer.heading(number + "/" + STEPS + "  " + title);
        return action.getAsBoolean();
    }

    private boolean deploy(final String template) {
        final boolean deployed = runner.deploy(examples.resolve(template), "examples/" + template, STACK_NAME, Map.of());
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
        return runner.list(storageAccount, PAGE_SIZE).map(Demo::urls);
    }

    private static Set<String> urls(final List<ObjectNode> containers) {
        final Set<String> urls = new LinkedHashSet<>();
        containers.forEach(container -> urls.add(container.path("ContainerUrl").asText()));
        return urls;
    }
}
