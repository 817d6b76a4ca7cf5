package io.cfnazure.blobstorage.container.localrunner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * CloudFormation's record of a stack, kept by the runner between operations: its ID, where it lives, its resources by
 * logical ID, and the exports it publishes and imports. The resource map changes as an operation progresses; the
 * exports and imports change when an operation completes.
 *
 * @param exports export name to value, from its Outputs' Export
 * @param imports the export names its Fn::ImportValue uses, which their stacks must then keep
 */
record StackState(String stackName, String stackId, String accountId, String region,
                  Map<String, DeployedResource> resources, Map<String, String> exports, Set<String> imports) {

    static StackState create(final String stackName, final Target target) {
        return new StackState(stackName, String.format("arn:aws:cloudformation:%s:%s:stack/%s/%s", target.region(),
            target.accountId(), stackName, UUID.randomUUID()), target.accountId(), target.region(),
            new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashSet<>());
    }

    /** Records written before exports were kept have none. */
    StackState {
        resources = new LinkedHashMap<>(resources);
        exports = exports == null ? new LinkedHashMap<>() : new LinkedHashMap<>(exports);
        imports = imports == null ? new LinkedHashSet<>() : new LinkedHashSet<>(imports);
    }

    /** Some of the resources in the order CloudFormation deletes them: each before those it depends on. */
    List<String> deletionOrder(final Collection<String> logicalIds) {
        final Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        logicalIds.forEach(logicalId -> dependencies.put(logicalId, resources.get(logicalId).dependsOn()));
        final List<String> order = new ArrayList<>(DependencyOrder.of(dependencies, stackName));
        Collections.reverse(order);
        return order;
    }
}
