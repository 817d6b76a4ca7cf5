package io.cfnazure.blobstorage.container.localrunner;

/**
 * A resource's {@code DeletionPolicy} (stack deleted, resource removed from the template or its condition turned
 * false, its creation rolled back) and {@code UpdateReplacePolicy} (the old resource after a replacement).
 */
record RemovalPolicies(RemovalPolicy deletion, RemovalPolicy updateReplace) {

    /** CloudFormation's default for both: delete. */
    static final RemovalPolicies DEFAULT = new RemovalPolicies(RemovalPolicy.DELETE, RemovalPolicy.DELETE);
}
