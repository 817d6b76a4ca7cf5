package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line's contract: usage errors are refused with exit code 2 before any cloud is started. */
class CfnLocalTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("help")).isEqualTo(CfnLocal.WORKED);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ./cfn-local COMMAND");
    }

    @Test
    void usageErrorsAreRefused() {
        assertThat(run("deploy")).isEqualTo(CfnLocal.REFUSED);
        assertThat(run("list")).isEqualTo(CfnLocal.REFUSED);
        assertThat(run("launch")).isEqualTo(CfnLocal.REFUSED);
        assertThat(run("demo", "--target", "aws")).isEqualTo(CfnLocal.REFUSED);
        assertThat(run("deploy", "t.yaml", "--parameter", "NoEquals")).isEqualTo(CfnLocal.REFUSED);
        assertThat(run("deploy", "t.yaml", "--target", "azure")).isEqualTo(CfnLocal.REFUSED);
        assertThat(run("demo", "--sign-in", "password")).isEqualTo(CfnLocal.REFUSED);
        assertThat(run("deploy", "t.yaml", "--sign-in", "aws-web-identity")).isEqualTo(CfnLocal.REFUSED);

        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
            "cfn-local: deploy takes one TEMPLATE (./cfn-local help shows the usage)",
            "cfn-local: list needs --storage-account NAME (./cfn-local help shows the usage)",
            "cfn-local: unknown command 'launch' (./cfn-local help shows the usage)",
            "cfn-local: demo takes no arguments and runs on the local target (./cfn-local help shows the usage)",
            "cfn-local: --parameter takes KEY=VALUE, got 'NoEquals' (./cfn-local help shows the usage)",
            "cfn-local: --target is local or aws, not 'azure' (./cfn-local help shows the usage)",
            "cfn-local: --sign-in is client-secret or aws-web-identity, not 'password' (./cfn-local help shows the "
                + "usage)",
            "cfn-local: --sign-in applies to demo only (./cfn-local help shows the usage)");
        assertThat(out.size()).isZero();
    }

    @Test
    void theRegionAndTheAccountDemoAreRefusedWhereTheyDoNotApply() {
        assertThat(run("deploy", "t.yaml", "--region", "Frankfurt")).isEqualTo(CfnLocal.REFUSED);
        assertThat(run("deploy", "t.yaml", "--region", "eu-central-1", "--target", "aws")).isEqualTo(CfnLocal.REFUSED);
        assertThat(run("deploy", "t.yaml", "--account")).isEqualTo(CfnLocal.REFUSED);
        assertThat(run("demo", "--account", "--sign-in", "aws-web-identity")).isEqualTo(CfnLocal.REFUSED);

        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
            "cfn-local: --region is an AWS Region such as eu-central-1, not 'Frankfurt' (./cfn-local help shows the "
                + "usage)",
            "cfn-local: --region applies to the local target's deploy, describe, list and delete (on --target aws "
                + "the AWS Region comes from your profile or AWS_REGION; demo --account chooses eu-central-1 itself)",
            "cfn-local: --account applies to demo only (./cfn-local help shows the usage)",
            "cfn-local: demo --account signs in with a client secret: its stack is in eu-central-1, and the local "
                + "STS stand-in issues web identity tokens in us-east-1 only");
    }

    private int run(final String... args) {
        return CfnLocal.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Path.of("."), Path.of("."));
    }
}
