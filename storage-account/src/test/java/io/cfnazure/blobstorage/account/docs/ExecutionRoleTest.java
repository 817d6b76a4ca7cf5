package io.cfnazure.blobstorage.account.docs;

/**
 * This project's execution-role.yaml and resource-role.yaml grant exactly the actions of its handlers' permissions,
 * checked as the container type checks its own roles.
 */
class ExecutionRoleTest extends io.cfnazure.blobstorage.container.credentials.ExecutionRoleTest {
}
