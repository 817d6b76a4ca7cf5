package io.cfnazure.blobstorage.account;

import io.cfnazure.cloudformation.TypeSchema;

/**
 * The account type's schema, read once per JVM. A class of its own, free of the handlers and their clients, because
 * the benchmark's do-nothing handler of this type uses it too: its floor then pays for the schema what the handler
 * pays.
 */
public final class AccountSchema {

    public static final TypeSchema TYPE = TypeSchema.onClassPath("azure-blobstorage-account.json");

    private AccountSchema() {
    }
}
