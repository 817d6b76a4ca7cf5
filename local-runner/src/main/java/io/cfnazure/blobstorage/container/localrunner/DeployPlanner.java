package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, as CloudFormation does, what a deploy does to one resource: create it when new, leave it when its
 * properties did not change, update it in place, or replace it when a create-only property changed. A resource whose
 * name the template sets cannot be replaced under the same name: the new one would need the old one's name.
 */
final class DeployPlanner {

    private final ResourceTypes types;

    DeployPlanner(final ResourceTypes types) {
        this.types = types;
    }

    enum Kind { CREATE, NO_CHANGE, UPDATE, REPLACE, REPLACE_CUSTOM_NAMED }

    /** @param createOnlyChanges the create-only properties that changed (for REPLACE and REPLACE_CUSTOM_NAMED) */
    record Change(Kind kind, Set<String> createOnlyChanges) {
    }

    /** @param deployed null when the stack has no such resource yet */
    Change decide(final ObjectNode desired, final DeployedResource deployed) {
        if (deployed == null) {
            return new Change(Kind.CREATE, Set.of());
        }
        if (desired.equals(deployed.properties())) {
            return new Change(Kind.NO_CHANGE, Set.of());
        }
        final Set<String> createOnlyChanges = new TreeSet<>();
        final ResourceType type = types.get(deployed.type());
        for (final String property : type.schema().createOnlyProperties()) {
            // Adding or removing one counts: CloudFormation compares the template's values, not Azure's defaults.
            if (!Objects.equals(desired.get(property), deployed.properties().get(property))) {
                createOnlyChanges.add(property);
            }
        }
        if (createOnlyChanges.isEmpty()) {
            return new Change(Kind.UPDATE, Set.of());
        }
        final boolean customNamed = desired.has(type.nameProperty())
            && !createOnlyChanges.contains(type.nameProperty());
        return new Change(customNamed ? Kind.REPLACE_CUSTOM_NAMED : Kind.REPLACE, createOnlyChanges);
    }
}
