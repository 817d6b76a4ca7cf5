package io.cfnazure.access;

import java.util.Optional;

/**
 * TEST ONLY: where the handler process sends Azure requests instead of the real cloud, set as a JVM system property
 * or an environment variable of the handler process (never from a template), so tests and the local runner reach
 * the emulator and the Entra ID stand-in. Unset in production. The backup copy service reads them through this class too.
 * <ul>
 *   <li>{@code cfnazure.test.blobEndpoint} / {@code CFNAZURE_TEST_BLOB_ENDPOINT}: a URL with an {@code {account}}
 *   placeholder, e.g. {@code https://127.0.0.1:10000/{account}} for Azurite's path-style addresses.</li>
 *   <li>{@code cfnazure.test.authorityHost} / {@code CFNAZURE_TEST_AUTHORITY_HOST}: the Entra ID authority host.</li>
 *   <li>{@code cfnazure.test.resourceManagerEndpoint} / {@code CFNAZURE_TEST_RESOURCE_MANAGER_ENDPOINT}: the Azure
 *   Resource Manager endpoint, e.g. {@code https://127.0.0.1:8443/}, for the storage account type.</li>
 * </ul>
 * The primary identifier stays the real-cloud URL; only the destination of requests changes.
 */
public final class TestEndpoints {

    private TestEndpoints() {
    }

    public static Optional<String> blobEndpoint(final String accountName) {
        return setting("cfnazure.test.blobEndpoint", "CFNAZURE_TEST_BLOB_ENDPOINT")
            .map(template -> template.replace("{account}", accountName));
    }

    public static Optional<String> authorityHost() {
        return setting("cfnazure.test.authorityHost", "CFNAZURE_TEST_AUTHORITY_HOST");
    }

    public static Optional<String> resourceManagerEndpoint() {
        return setting("cfnazure.test.resourceManagerEndpoint", "CFNAZURE_TEST_RESOURCE_MANAGER_ENDPOINT");
    }

    private static Optional<String> setting(final String property, final String variable) {
        final String value = System.getProperty(property, System.getenv(variable));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
