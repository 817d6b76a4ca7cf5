package io.cfnazure.blobstorage.container.localrunner;

import java.util.Arrays;
import java.util.Optional;

/**
 * What becomes of a resource when its stack lets go of it, as a template's {@code DeletionPolicy} and
 * {@code UpdateReplacePolicy} say. Snapshot is not among them: a container has nothing to snapshot, so the template
 * is refused rather than the container deleted (CloudFormation falls back to Delete for such types).
 */
enum RemovalPolicy {
    DELETE("Delete"),
    RETAIN("Retain"),
    /** Retain, except when the operation that created the resource rolls back: then it is deleted. */
    RETAIN_EXCEPT_ON_CREATE("RetainExceptOnCreate");

    private final String templateName;

    RemovalPolicy(final String templateName) {
        this.templateName = templateName;
    }

    String templateName() {
        return templateName;
    }

    static Optional<RemovalPolicy> ofTemplateName(final String name) {
        return Arrays.stream(values()).filter(policy -> policy.templateName.equals(name)).findFirst();
    }

    /** @param itsCreationRollsBack whether the operation that created the resource is rolling back */
    boolean retains(final boolean itsCreationRollsBack) {
        return this == RETAIN || this == RETAIN_EXCEPT_ON_CREATE && !itsCreationRollsBack;
    }
}
