package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** What is refused before anything is created, and how the message names the file and the place. */
class DeployableTemplateTest {

    private static final ResourceSchema SCHEMA = ResourceSchema.load();
    private static final Target TARGET = new Target("local", "123456789012", "us-east-1", () -> null, null);
    private static final String TYPE = "Azure::BlobStorage::Container";

    @Test
    void ordersResourcesByRefGetAttSubAndDependsOn() {
        final DeployableTemplate template = load("ordered.yaml", """
            Resources:
              C:
                Type: %1$s
                DependsOn: B
                Properties: {StorageAccountName: acct01}
              B:
                Type: %1$s
                Properties:
                  StorageAccountName: acct01
                  Metadata: {from: !Sub "${A.ContainerUrl}"}
              A:
                Type: %1$s
                Properties: {StorageAccountName: acct01}
            """.formatted(TYPE), Map.of());

        assertThat(template.order()).containsExactly("A", "B", "C");
    }

    @Test
    void settlesParametersAndPseudoParametersBeforeValidating() {
        final DeployableTemplate template = load("parameters.yaml", """
            Parameters:
              Account: {Type: String, Default: acct01}
              AutoDelete: {Type: String, AllowedValues: ["true", "false"], Default: "false"}
            Resources:
              Backup:
                Type: %s
                Properties:
                  StorageAccountName: !Ref Account
                  ContainerName: !Sub "${AWS::StackName}-backup"
                  AutoDeleteBlobs: !Ref AutoDelete
            """.formatted(TYPE), Map.of("AutoDelete", "true"));

        assertThat(template.resolve("Backup", Map.of()).properties().toString()).isEqualTo(
            "{\"StorageAccountName\":\"acct01\",\"ContainerName\":\"teststack-backup\",\"AutoDeleteBlobs\":true}");
    }

    @Test
    void schemaViolationsNameFileResourceAndProperty() {
        refused("bad-properties.yaml", """
            Resources:
              Backup:
                Type: %s
                Properties:
                  StorageAccountName: Not_Valid
                  PublicAccess: Everyone
                  Metadata: {owner-team: backup}
                  Colour: blue
            """.formatted(TYPE))
            .hasMessageContaining("bad-properties.yaml: Resources.Backup.Properties.StorageAccountName: 'Not_Valid' "
                + "does not match the pattern ^[a-z0-9]{3,24}$")
            .hasMessageContaining("bad-properties.yaml: Resources.Backup.Properties.PublicAccess: 'Everyone' is not one "
                + "of None, Blob, Container")
            .hasMessageContaining("bad-properties.yaml: Resources.Backup.Properties.Metadata.owner-team: is not a "
                + "valid key: keys match ^[a-z_][a-z0-9_]{0,254}$")
            .hasMessageContaining("bad-properties.yaml: Resources.Backup.Properties.Colour: is not a property of " + TYPE);
    }

    @Test
    void readOnlyPropertiesCannotBeSet() {
        refused("read-only.yaml", """
            Resources:
              Backup:
                Type: %s
                Properties:
                  StorageAccountName: acct01
                  ContainerUrl: https://acct01.blob.core.windows.net/mine
            """.formatted(TYPE))
            .hasMessageContaining("read-only.yaml: Resources.Backup.Properties.ContainerUrl: is read-only");
    }

    @Test
    void missingRequiredPropertiesAreNamed() {
        refused("required.yaml", "Resources:\n  Backup:\n    Type: " + TYPE + "\n")
            .hasMessage("required.yaml: Resources.Backup.Properties: required property StorageAccountName is missing");
    }

    @Test
    void onlyThisResourceTypeRunsLocally() {
        refused("bucket.yaml", "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n")
            .hasMessage("bucket.yaml: Resources.Bucket.Type: AWS::S3::Bucket cannot run locally: cfn-local plays "
                + TYPE + " only");
    }

    @Test
    void unresolvableReferencesAndUnknownParametersAreRefused() {
        refused("refs.yaml", """
            Parameters:
              Env: {Type: String, AllowedValues: [dev, prod]}
              Account: {Type: String}
            Resources:
              Backup:
                Type: %s
                Properties:
                  StorageAccountName: !Ref Account
            """.formatted(TYPE), Map.of("Env", "test", "Colour", "blue"))
            .hasMessageContaining("refs.yaml: Parameters: --parameter Colour is not a parameter of the template")
            .hasMessageContaining("refs.yaml: Parameters.Env: 'test' must be one of dev, prod")
            .hasMessageContaining("refs.yaml: Parameters.Account: has no Default: give a value with --parameter "
                + "Account=VALUE");
        refused("refs2.yaml", """
            Resources:
              Backup:
                Type: %s
                DependsOn: Ghost
                Properties:
                  StorageAccountName: !Ref Account
            Outputs:
              Tenant: {Value: !GetAtt Backup.AzureTenantId}
            """.formatted(TYPE))
            .hasMessageContaining("refs2.yaml: Resources.Backup.DependsOn: names 'Ghost', which is not a resource")
            .hasMessageContaining("refs2.yaml: Resources.Backup.Properties.StorageAccountName.Ref: no parameter or "
                + "resource is named 'Account'")
            .hasMessageContaining("refs2.yaml: Outputs.Tenant.Value.Fn::GetAtt: 'AzureTenantId' is not an attribute");
    }

    @Test
    void featuresItDoesNotPlayAreRefusedRatherThanIgnored() {
        refused("conditions.yaml", """
            Conditions:
              IsProd: !Equals [a, b]
            Resources:
              Backup:
                Type: %s
                Condition: IsProd
                DeletionPolicy: Retain
                Properties: {StorageAccountName: acct01}
            """.formatted(TYPE))
            .hasMessageContaining("conditions.yaml: Conditions: is not supported by cfn-local")
            .hasMessageContaining("conditions.yaml: Resources.Backup.Condition: is not supported by cfn-local")
            .hasMessageContaining("conditions.yaml: Resources.Backup.DeletionPolicy: is not supported by cfn-local");
    }

    @Test
    void circularDependenciesAreRefused() {
        refused("cycle.yaml", """
            Resources:
              A:
                Type: %1$s
                Properties: {StorageAccountName: acct01, Metadata: {b: !GetAtt B.ContainerUrl}}
              B:
                Type: %1$s
                Properties: {StorageAccountName: acct01, Metadata: {a: !GetAtt A.ContainerUrl}}
            """.formatted(TYPE))
            .hasMessage("cycle.yaml: Resources: circular dependency between A -> B -> A");
    }

    @Test
    void propertiesUsingUndeployedResourcesAreCheckedOnceKnown() {
        final DeployableTemplate template = load("later.yaml", """
            Resources:
              A:
                Type: %1$s
                Properties: {StorageAccountName: acct01}
              B:
                Type: %1$s
                Properties: {StorageAccountName: !Sub "${A.ContainerUrl}"}
            """.formatted(TYPE), Map.of());

        final DeployableTemplate.ResolvedProperties beforeA = template.resolve("B", Map.of());
        assertThat(beforeA.unknown()).containsExactly("StorageAccountName");
        assertThat(template.violations("B", beforeA)).isEmpty();
    }

    private static DeployableTemplate load(final String name, final String yaml, final Map<String, String> parameters) {
        return DeployableTemplate.load(TemplateFiles.write(name, yaml), name, parameters,
            StackState.create("teststack", TARGET), SCHEMA);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(final String name, final String yaml) {
        return refused(name, yaml, Map.of());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(final String name, final String yaml,
                                                                        final Map<String, String> parameters) {
        return assertThatThrownBy(() -> load(name, yaml, parameters)).isInstanceOf(InputException.class);
    }
}
