package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** {@code ./cfn-local demo --sign-in aws-web-identity}: the example stack's whole life without a secret. */
@UsesLocalCloud
class DemoTest {

    @Test
    void theDemoSignsInWithTheCallersAwsTokenAndReadsNoSecret(final LocalCloud cloud) {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final EventPrinter printer = new EventPrinter(new PrintStream(output, true, StandardCharsets.UTF_8),
            Clock.systemUTC());
        final Runner runner = new Runner(ResourceTypes.load(), Target.local(cloud, SignIn.AWS_WEB_IDENTITY),
            new MemoryStackStore(), printer, null, false);
        final int secretsManagerRequests = cloud.secretsManager().requests();

        final boolean worked = new Demo(runner, null, printer, Path.of("..", "examples"), cloud,
                SignIn.AWS_WEB_IDENTITY)
            .run();

        final String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(worked).as(printed).isTrue();
        assertThat(printed).contains("7/7  No secret was read", "Secrets Manager requests: 0.",
            "Demo complete: every step worked.");
        assertThat(cloud.secretsManager().requests()).isEqualTo(secretsManagerRequests);
    }
}
