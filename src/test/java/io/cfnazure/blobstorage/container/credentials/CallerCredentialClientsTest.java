package io.cfnazure.blobstorage.container.credentials;

import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;

class CallerCredentialClientsTest {

    /**
     * Priming's failures are ignored at a cold start (it only saves time), so a priming that stopped working, say on
     * an answer the SDK no longer reads, would go unnoticed but for this test.
     */
    @Test
    void primingReadsASecretAndGetsAWebIdentityTokenInMemory() {
        assertThatNoException().isThrownBy(() -> CallerCredentialClients.prime("eu-west-1"));
    }
}
