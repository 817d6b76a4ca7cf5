package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TypeConfigurationFileTest {

    private static final ResourceSchema SCHEMA = ResourceSchema.load();

    @Test
    void acceptsWhatSetTypeConfigurationAccepts() {
        final String json = """
            {"AzureCredentials": {"TenantId": "9bf4ae8d-1122-4d64-be04-899b9c674c81",
              "ClientId": "76c4845d-3720-4e9f-832d-9bfdf0efcf02", "ClientSecretName": "azure/secret"},
             "AzureCloud": "AzurePublicCloud"}""";

        assertThat(TypeConfigurationFile.read(TemplateFiles.write("config.json", json), "config.json", SCHEMA)
            .at("/AzureCredentials/ClientSecretName").asText()).isEqualTo("azure/secret");
    }

    @Test
    void refusesSettingsTheSchemaDoesNotHaveNamingTheirPlace() {
        final String json = "{\"AzureCredentials\": {\"TenantId\": \"not-a-guid\"}, \"Colour\": \"blue\"}";

        assertThatThrownBy(() -> TypeConfigurationFile.read(TemplateFiles.write("bad-config.json", json),
            "bad-config.json", SCHEMA))
            .isInstanceOf(InputException.class)
            .hasMessageContaining("bad-config.json: configuration.Colour: is not a type configuration setting")
            .hasMessageContaining("bad-config.json: configuration.AzureCredentials.TenantId: 'not-a-guid' does not "
                + "match the pattern ^[0-9a-fA-F]{8}-");
    }
}
