package io.cfnazure.blobstorage.container.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.access.ContainerAddress;
import org.junit.jupiter.api.Test;

class ContainerNamesTest {

    private static final String STACK = "arn:aws:cloudformation:eu-west-1:123456789012:stack/DR_Backup-Prod/0a1b2c3d";

    @Test
    void derivesAReadableValidNameFromStackAndLogicalId() {
        final String name = ContainerNames.generate(STACK, "S3MirrorContainer", "token-1");

        assertThat(name).matches("dr-backup-prod-s3mirrorcontainer-[0-9a-f]{12}");
        assertThat(ContainerAddress.isValidContainerName(name)).isTrue();
    }

    @Test
    void theSameRequestGetsTheSameNameAndANewRequestANewOne() {
        assertThat(ContainerNames.generate(STACK, "Backup", "token-1"))
            .isEqualTo(ContainerNames.generate(STACK, "Backup", "token-1"))
            .isNotEqualTo(ContainerNames.generate(STACK, "Backup", "token-2"));
    }

    @Test
    void staysWithinAzuresRulesForLongOrOddInputs() {
        final String longStack = "arn:aws:cloudformation:eu-west-1:1:stack/" + "Very-Long-Stack-Name-".repeat(8) + "/id";
        for (final String name : new String[] {
            ContainerNames.generate(longStack, "AnEvenLongerLogicalResourceIdThanUsual", "t"),
            ContainerNames.generate(null, null, "t"),
            ContainerNames.generate("not-an-arn", "---", "t"),
            ContainerNames.generate(STACK, "Ünïcødé--Name", "t")}) {
            assertThat(ContainerAddress.isValidContainerName(name)).as(name).isTrue();
            assertThat(name.length()).isLessThanOrEqualTo(ContainerNames.MAX_LENGTH);
        }
    }
}
