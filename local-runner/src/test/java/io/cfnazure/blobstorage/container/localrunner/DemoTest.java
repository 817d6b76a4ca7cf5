package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.localcloud.AzureResourceManagerStandIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./cfn-local demo}: the example stacks' whole lives on the local cloud. */
@UsesLocalCloud
class DemoTest {

    /** {@code ./cfn-local demo --sign-in aws-web-identity}: the example stack's whole life without a secret. */
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

    /**
     * {@code ./cfn-local demo --account}: the account stack's container gets its retention policy and legal hold, the
     * hold is cleared by an update before the stack is deleted, and Azure Resource Manager saw it in that order.
     */
    @Test
    void theAccountDemoSetsALegalHoldAndClearsItBeforeDeletingTheStack(final LocalCloud cloud) {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final EventPrinter printer = new EventPrinter(new PrintStream(output, true, StandardCharsets.UTF_8),
            Clock.systemUTC());
        final ResourceTypes types = ResourceTypes.load();
        final MemoryStackStore stacks = new MemoryStackStore();
        final Target local = Target.local(cloud, SignIn.CLIENT_SECRET);
        final Runner runner = new Runner(types, local, stacks, printer, null, false);
        final Runner europe = new Runner(types, local.inRegion(Demo.ACCOUNT_STACK_REGION), stacks, printer, null,
            false);
        final int armCallsBefore = cloud.resourceManager().calls().size();

        final boolean worked = new Demo(runner, europe, printer, Path.of("..", "examples"), cloud,
                SignIn.CLIENT_SECRET)
            .run();

        final String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(worked).as(printed).isTrue();
        assertThat(printed).contains(
            "7/11  Deploy examples/dr-account-and-container.yaml as stack dr-account in eu-central-1",
            "DrCopies as Azure reports it: retention policy {\"RetentionDays\":1,\"AllowProtectedAppendWrites\":false,"
                + "\"Locked\":false}; legal holds [\"drcopies\"].",
            "10/11  Deploy it again with LegalHoldTag empty: the legal hold is cleared, as it must be before the stack "
                + "is deleted",
            "legal holds none.",
            "11/11  Delete the stack",
            "Demo complete: every step worked.");
        assertThat(printed).containsPattern("DrCopies +IN_SYNC").doesNotContain("DELETE_FAILED");
        final List<AzureResourceManagerStandIn.Call> calls = cloud.resourceManager().calls();
        assertThat(calls.subList(armCallsBefore, calls.size()).stream()
            .filter(call -> call.path().contains("/blobServices/default/containers/") && call.status() < 300)
            .map(DemoTest::containerChange).filter(change -> !change.isEmpty()))
            .as("what Azure Resource Manager did to the container, in order")
            .containsSubsequence("PUT container", "POST setLegalHold", "POST clearLegalHold", "DELETE container")
            .containsOnlyOnce("POST setLegalHold");
    }

    /** "METHOD what" for a request that changes a container or its protection; empty for a read. */
    private static String containerChange(final AzureResourceManagerStandIn.Call call) {
        if (call.method().equals("GET")) {
            return "";
        }
        final String below = call.path().substring(call.path().indexOf("/containers/") + "/containers/".length());
        final String[] segments = below.split("/");
        return call.method() + " " + (segments.length == 1 ? "container" : segments[1]);
    }
}
