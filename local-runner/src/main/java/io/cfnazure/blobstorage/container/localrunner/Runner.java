package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runner's commands on one target: deploy, describe (drift), list and delete, each playing CloudFormation's
 * part with the real handler. Input problems surface as {@link InputException} before anything changes.
 */
final class Runner {

    private static final String STACK_NAME = "[A-Za-z][-A-Za-z0-9]{0,127}";

    private final ResourceTypes types;
    private final Target target;
    private final StackStore store;
    private final EventPrinter printer;
    /** CloudFormation calling each type's handler, by type name. */
    private final Map<String, CloudFormationDriver> cloudFormation = new LinkedHashMap<>();
    /** What CloudFormation sends with every request: the account's type configuration; null when none. */
    private final ObjectNode typeConfiguration;

    /**
     * @param typeConfiguration the type configuration to pass the handler; null for the target's default
     * @param verbose           whether to print the handler's log lines
     */
    Runner(final ResourceTypes types, final Target target, final StackStore store, final EventPrinter printer,
           final ObjectNode typeConfiguration, final boolean verbose) {
        this.types = types;
        this.target = target;
        this.store = store;
        this.printer = printer;
        this.typeConfiguration = typeConfiguration != null ? typeConfiguration : target.defaultTypeConfiguration();
        // One handler object per type for the whole command, as a warm Lambda function keeps it.
        for (final String typeName : types.typeNames()) {
            final ResourceType type = types.get(typeName);
            final CloudFormationDriver.Builder driver = CloudFormationDriver.forType(type.schema().definition(),
                    type.entryPoint())
                .account(target.accountId(), target.region(), target.callerCredentials());
            if (verbose) {
                driver.handlerLog(printer::handlerLog).maskCallerCredentialsInLog();
            }
            cloudFormation.put(typeName, driver.build());
        }
    }

    /** @param displayName the template's file as messages name it */
    boolean deploy(final Path template, final String displayName, final String stackName,
                   final Map<String, String> parameters) {
        final StackState stack = existingStack(stackName).orElseGet(() -> StackState.create(stackName, target));
        final DeployableTemplate deployable = DeployableTemplate.load(template, displayName, parameters, stack, types,
            StackExports.of(store, stackName));
        return new StackDeployer(types, this::operations, printer, store).deploy(deployable, stack);
    }

    /**
     * @param template the template to compare with, null to compare with the properties last deployed
     * @return whether the stack is IN_SYNC
     */
    boolean describe(final String stackName, final Path template, final String displayName,
                     final Map<String, String> parameters) {
        final StackState stack = requireStack(stackName);
        final Map<String, ObjectNode> expected = new LinkedHashMap<>();
        stack.resources().forEach((logicalId, resource) -> expected.put(logicalId, resource.properties()));
        if (template != null) {
            final DeployableTemplate deployable = DeployableTemplate.load(template, displayName, parameters, stack,
                types, StackExports.of(store, stackName));
            deployable.order().stream().filter(stack.resources()::containsKey).forEach(logicalId ->
                expected.put(logicalId, deployable.resolve(logicalId, stack.resources()).properties()));
        }
        return new DriftDetector(types, operations(stack), printer).detect(stack, expected);
    }

    /** @return the resource as its type's Read handler returns it; empty when the Read failed */
    Optional<ObjectNode> read(final String stackName, final String logicalId) {
        final StackState stack = requireStack(stackName);
        final DeployedResource resource = stack.resources().get(logicalId);
        if (resource == null) {
            throw new InputException("Stack " + stackName + " has no resource " + logicalId);
        }
        final HandlerResult read = operations(stack).read(logicalId, resource);
        if (!read.succeeded()) {
            printer.line("Read of " + logicalId + " failed: " + read.statusReason());
        }
        return read.succeeded() ? Optional.ofNullable(read.resourceModel()) : Optional.empty();
    }

    /** @return the containers' models; empty when the List handler failed */
    Optional<List<ObjectNode>> list(final String storageAccount, final Integer pageSize) {
        return new ContainerLister(cloudFormation.get(ResourceTypes.CONTAINER), typeConfiguration,
            types.schema(ResourceTypes.CONTAINER), printer).list(storageAccount, pageSize);
    }

    /** @throws InputException when another stack imports one of its exports: then nothing is deleted */
    boolean delete(final String stackName) {
        final StackState stack = requireStack(stackName);
        final List<String> exportsInUse = StackExports.of(store, stackName).inUse(stack.exports(), Map.of());
        if (!exportsInUse.isEmpty()) {
            throw new InputException(exportsInUse.stream().map(problem -> "Stack " + stackName + ": " + problem)
                .toList());
        }
        return new StackDeleter(operations(stack), printer, store).delete(stack);
    }

    Optional<StackState> existingStack(final String stackName) {
        if (!stackName.matches(STACK_NAME)) {
            throw new InputException("Stack name '" + stackName + "': a stack name starts with a letter and holds "
                + "letters, digits and hyphens, at most 128 characters");
        }
        final Optional<StackState> stack = store.load(stackName);
        stack.filter(found -> !found.accountId().equals(target.accountId()) || !found.region().equals(target.region()))
            .ifPresent(found -> {
                throw new InputException(String.format("Stack %s is in account %s, %s, but the %s", stackName,
                    found.accountId(), found.region(), target.describe()));
            });
        return stack;
    }

    List<String> stackNames() {
        return store.stackNames();
    }

    private StackState requireStack(final String stackName) {
        return existingStack(stackName).orElseThrow(() -> new InputException("Stack " + stackName
            + " does not exist on the " + target.describe() + (target.name().equals("local")
            ? ". The local target keeps a stack only while one command runs: ./cfn-local demo plays a whole lifecycle."
            : "")));
    }

    private ResourceOperations operations(final StackState stack) {
        return new ResourceOperations(cloudFormation, typeConfiguration, printer, types, stack.stackId());
    }
}
