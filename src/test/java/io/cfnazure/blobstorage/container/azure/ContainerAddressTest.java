package io.cfnazure.blobstorage.container.azure;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.model.Translator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/** A container URL or name the template gives that Azure's rules refuse is an invalid request that says the rule. */
class ContainerAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example.com/backups", "https://127.0.0.1/backups", "not a url"})
    void aUrlThatIsNoContainerUrlIsRefused(final String url) {
        assertThatThrownBy(() -> Translator.addressFromUrl(url))
            .isInstanceOf(CfnInvalidRequestException.class)
            .hasMessageContaining("is not an Azure container URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "toolongaccountname0123456", "UPPER", "with-hyphen", "evil.com/x", "a b c"})
    void anAccountNameThatBreaksAzuresRuleIsRefusedWithTheRule(final String account) {
        assertThatThrownBy(() -> Translator.address(account, "backups", AzureCloud.DEFAULT))
            .isInstanceOf(CfnInvalidRequestException.class)
            .hasMessageContaining("3-24 lowercase letters and digits");
    }
}
