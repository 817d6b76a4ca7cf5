package io.cfnazure.blobstorage.account.docs;

/**
 * This project's docs/ against its schema, with the container type's check of what {@code cfn generate} writes
 * (it reads the schema that .rpdk-config names, in the working directory: this folder).
 */
class PropertyReferenceTest extends io.cfnazure.blobstorage.container.docs.PropertyReferenceTest {
}
