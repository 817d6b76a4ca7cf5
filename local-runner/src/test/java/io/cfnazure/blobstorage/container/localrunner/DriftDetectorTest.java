package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What drift detection compares, with the types' real schemas: what the template sets against what Read returns. */
class DriftDetectorTest {

    private static final ResourceTypes TYPES = ResourceTypes.load();
    private static final ResourceSchema CONTAINER = TYPES.schema(ResourceTypes.CONTAINER);
    private static final ResourceSchema ACCOUNT = TYPES.schema(ResourceTypes.ACCOUNT);

    @Test
    void aKeyTheTemplateLeftOutOfAnObjectIsInSyncWhenReadReturnsTheSchemasDefault() throws IOException {
        final ObjectNode template = json("{\"ImmutabilityPolicy\": {\"RetentionDays\": \"1\"}}");

        assertThat(DriftDetector.differences(CONTAINER, template, json("{\"ImmutabilityPolicy\": {\"RetentionDays\": "
            + "1, \"AllowProtectedAppendWrites\": false, \"Locked\": false}, \"PublicAccess\": \"None\"}")))
            .isEmpty();
        assertThat(DriftDetector.differences(ACCOUNT, json("{\"NetworkRules\": {\"IpRules\": [\"203.0.113.0/24\"]}}"),
            json("{\"NetworkRules\": {\"IpRules\": [\"203.0.113.0/24\"], \"DefaultAction\": \"Allow\"}}")))
            .isEmpty();
    }

    @Test
    void anAccountsFirewallWithOnlyItsIpRulesSetIsInSyncWithWhatReadReturns() throws IOException {
        // Read returns the whole firewall: the bypass Azure applies and the empty list of subnets.
        assertThat(DriftDetector.differences(ACCOUNT, json("{\"NetworkRules\": {\"DefaultAction\": \"Deny\", "
                + "\"IpRules\": [\"203.0.113.0/24\"]}}"),
            json("{\"NetworkRules\": {\"DefaultAction\": \"Deny\", \"Bypass\": [\"AzureServices\"], "
                + "\"IpRules\": [\"203.0.113.0/24\"], \"VirtualNetworkRules\": []}}")))
            .isEmpty();
    }

    @Test
    void aKeyTheTemplateLeftOutIsDriftWhenReadReturnsAnythingButTheDefault() throws IOException {
        final ObjectNode template = json("{\"ImmutabilityPolicy\": {\"RetentionDays\": 1}}");

        assertThat(DriftDetector.differences(CONTAINER, template, json("{\"ImmutabilityPolicy\": {\"RetentionDays\": "
            + "1, \"AllowProtectedAppendWrites\": false, \"Locked\": true}}")))
            .containsExactly("ImmutabilityPolicy: template {\"RetentionDays\":1}, actual {\"RetentionDays\":1,"
                + "\"AllowProtectedAppendWrites\":false,\"Locked\":true}");
        assertThat(DriftDetector.differences(ACCOUNT, json("{\"NetworkRules\": {\"IpRules\": [\"203.0.113.0/24\"]}}"),
            json("{\"NetworkRules\": {\"IpRules\": [\"203.0.113.0/24\"], \"DefaultAction\": \"Deny\"}}")))
            .hasSize(1);
        assertThat(DriftDetector.differences(CONTAINER, template, json("{\"ImmutabilityPolicy\": {\"RetentionDays\": "
            + "1, \"Kept\": \"by hand\"}}")))
            .as("a key the schema gives no default").hasSize(1);
    }

    @Test
    void whatTheTemplateSetsIsComparedEvenWhenItIsTheDefault() throws IOException {
        assertThat(DriftDetector.differences(CONTAINER,
            json("{\"ImmutabilityPolicy\": {\"RetentionDays\": 1, \"Locked\": false}}"),
            json("{\"ImmutabilityPolicy\": {\"RetentionDays\": 1, \"Locked\": true}}")))
            .hasSize(1);
        assertThat(DriftDetector.differences(CONTAINER, json("{\"PublicAccess\": \"None\"}"),
            json("{\"PublicAccess\": \"Blob\"}")))
            .containsExactly("PublicAccess: template \"None\", actual \"Blob\"");
    }

    @Test
    void anArrayWhoseOrderDoesNotMatterIsComparedAsItsElements() throws IOException {
        final ObjectNode template = json("{\"LegalHoldTags\": [\"case2026\", \"audit\"], "
            + "\"Metadata\": {\"purpose\": \"dr\"}}");

        assertThat(DriftDetector.differences(CONTAINER, template, json("{\"LegalHoldTags\": [\"audit\", "
            + "\"case2026\"], \"Metadata\": {\"purpose\": \"dr\"}}")))
            .as("insertionOrder: false").isEmpty();
        assertThat(DriftDetector.differences(CONTAINER, template, json("{\"LegalHoldTags\": [\"audit\", "
            + "\"audit\"], \"Metadata\": {\"purpose\": \"dr\"}}")))
            .hasSize(1);
        assertThat(DriftDetector.differences(ACCOUNT, json("{\"NetworkRules\": {\"IpRules\": [\"203.0.113.0/24\", "
                + "\"198.51.100.7\"]}}"),
            json("{\"NetworkRules\": {\"IpRules\": [\"198.51.100.7\", \"203.0.113.0/24\"]}}")))
            .isEmpty();
    }

    private static ObjectNode json(final String text) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(text);
    }
}
