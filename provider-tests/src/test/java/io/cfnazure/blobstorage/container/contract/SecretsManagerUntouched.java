package io.cfnazure.blobstorage.container.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.localcloud.LocalCloud;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test class when the local cloud's Secrets Manager received any request while it ran: a suite that signs
 * in without a secret must not read one. The local cloud is shared by the test classes of the JVM, which run one after
 * another, so its counter is compared before and after the class.
 */
public final class SecretsManagerUntouched implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(SecretsManagerUntouched.class);
    private static final String REQUESTS_BEFORE = "requestsBefore";

    @Override
    public void beforeAll(final ExtensionContext context) {
        context.getStore(NAMESPACE).put(REQUESTS_BEFORE, LocalCloud.shared().secretsManager().requests());
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        assertThat(LocalCloud.shared().secretsManager().requests())
            .as("requests Secrets Manager received during the suite")
            .isEqualTo(context.getStore(NAMESPACE).get(REQUESTS_BEFORE, Integer.class));
    }
}
