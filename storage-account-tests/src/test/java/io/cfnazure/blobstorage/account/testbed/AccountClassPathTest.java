package io.cfnazure.blobstorage.account.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.CoreUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The account type is tested on the azure-core it ships with. Its own dependencyManagement picks it (the container
 * type would bring an older one) and does not reach this unit: storage-account-tests/pom.xml repeats it, and this test
 * keeps the two equal.
 */
class AccountClassPathTest {

    private static final Pattern AZURE_CORE_VERSION =
        Pattern.compile("<azure-core\\.version>([^<]+)</azure-core\\.version>");

    @Test
    void theHandlerRunsOnTheAccountTypesAzureCore() throws IOException {
        final Matcher declared = AZURE_CORE_VERSION.matcher(
            Files.readString(AccountOnLocalCloud.ACCOUNT_DIR.resolve("pom.xml")));
        final Map<String, String> azureCore = CoreUtils.getProperties("azure-core.properties");

        assertThat(declared.find()).as("azure-core.version in storage-account/pom.xml").isTrue();
        assertThat(azureCore.get("version")).as("azure-core on this class path; set storage-account-tests/pom.xml's "
            + "azure-core.version").isEqualTo(declared.group(1));
    }
}
