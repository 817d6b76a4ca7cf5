package io.cfnazure.blobstorage.container.localrunner;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders resources so that each comes after those it depends on, as CloudFormation creates them. */
final class DependencyOrder {

    private DependencyOrder() {
    }

    /**
     * @param dependencies each resource's dependencies (names that are not keys are ignored)
     * @return the resources in an order that respects every dependency, keeping the template's order otherwise
     * @throws InputException naming the resources of a cycle
     */
    static List<String> of(final Map<String, Set<String>> dependencies, final String fileName) {
        final List<String> order = new ArrayList<>();
        final Set<String> visiting = new LinkedHashSet<>();
        dependencies.keySet().forEach(name -> visit(name, dependencies, visiting, order, fileName));
        return order;
    }

    private static void visit(final String name, final Map<String, Set<String>> dependencies, final Set<String> visiting,
                              final List<String> order, final String fileName) {
        if (order.contains(name) || !dependencies.containsKey(name)) {
            return;
        }
        if (!visiting.add(name)) {
            final List<String> cycle = new ArrayList<>(visiting);
            throw new InputException(fileName + ": Resources: circular dependency between "
                + String.join(" -> ", cycle.subList(cycle.indexOf(name), cycle.size())) + " -> " + name);
        }
        dependencies.get(name).forEach(dependency -> visit(dependency, dependencies, visiting, order, fileName));
        visiting.remove(name);
        order.add(name);
    }
}
