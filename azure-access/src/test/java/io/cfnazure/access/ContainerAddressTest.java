package io.cfnazure.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container URL is where requests go and what the token's audience is made from: it must consist of a valid
 * account name and one of the known clouds' suffixes; no template value or setting can point it anywhere else.
 */
class ContainerAddressTest {

    @Test
    void buildsTheUrlOfEachCloud() {
        assertThat(new ContainerAddress("mystorage01", "backups", AzureCloud.AZURE_PUBLIC_CLOUD).url())
            .isEqualTo("https://mystorage01.blob.core.windows.net/backups");
        assertThat(new ContainerAddress("mystorage01", "backups", AzureCloud.AZURE_CHINA_CLOUD).url())
            .isEqualTo("https://mystorage01.blob.core.chinacloudapi.cn/backups");
        assertThat(new ContainerAddress("mystorage01", "backups", AzureCloud.AZURE_US_GOVERNMENT).url())
            .isEqualTo("https://mystorage01.blob.core.usgovcloudapi.net/backups");
    }

    @Test
    void readsBackItsOwnUrls() {
        for (final AzureCloud cloud : AzureCloud.values()) {
            final ContainerAddress address = new ContainerAddress("acct123", "c-1-x", cloud);
            assertThat(ContainerAddress.fromUrl(address.url())).contains(address);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://evil.example.com/backups",
        "https://mystorage01.blob.core.windows.net.evil.example.com/backups",
        "https://mystorage01.blob.evil.example.com/backups",
        "http://mystorage01.blob.core.windows.net/backups",
        "https://mystorage01.blob.core.windows.net:8443/backups",
        "https://user@mystorage01.blob.core.windows.net/backups",
        "https://mystorage01.blob.core.windows.net/backups?sig=x",
        "https://mystorage01.blob.core.windows.net/backups/blob",
        "https://MyStorage.blob.core.windows.net/backups",
        "https://my.storage.blob.core.windows.net/backups",
        "https://127.0.0.1/backups",
        "not a url"})
    void refusesEveryOtherUrl(final String url) {
        assertThat(ContainerAddress.fromUrl(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "toolongaccountname0123456", "UPPER", "with-hyphen", "evil.com/x", "a b c"})
    void anAccountNameThatBreaksAzuresRuleNeverBecomesAHostName(final String account) {
        assertThatThrownBy(() -> new ContainerAddress(account, "backups", AzureCloud.DEFAULT))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
