package io.cfnazure.blobstorage.container.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.util.VersionInfo;

/**
 * The handler is tested on the libraries it ships with. The provider's AWS SDK version comes from its own
 * dependencyManagement, which does not reach this module: all/pom.xml repeats it, and this test keeps the two equal.
 */
class ProviderClassPathTest {

    private static final Pattern AWS_SDK_VERSION = Pattern.compile("<awssdk\\.version>([^<]+)</awssdk\\.version>");

    @Test
    void theHandlerRunsOnTheProvidersAwsSdkVersion() throws IOException {
        final Matcher declared = AWS_SDK_VERSION.matcher(
            Files.readString(ProviderOnLocalCloud.PROVIDER_DIR.resolve("pom.xml")));

        assertThat(declared.find()).as("awssdk.version in the provider's pom.xml").isTrue();
        assertThat(VersionInfo.SDK_VERSION).as("the AWS SDK on this class path; set all/pom.xml's awssdk.version")
            .isEqualTo(declared.group(1));
    }
}
