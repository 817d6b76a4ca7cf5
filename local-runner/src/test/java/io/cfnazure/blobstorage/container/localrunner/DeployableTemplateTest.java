package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** What is refused before anything is created, and how the message names the file and the place. */
class DeployableTemplateTest {

    private static final ResourceTypes TYPES = ResourceTypes.load();
    private static final Target TARGET = new Target("local", "123456789012", "us-east-1", () -> null, null);
    private static final String TYPE = "Azure::BlobStorage::Container";
    /** A template's Resources with one plain container, for tests about other sections. */
    private static final String BACKUP = """
        Resources:
          Backup:
            Type: %s
            Properties: {StorageAccountName: acct01}
        """.formatted(TYPE);

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
        // The container needs its account by name (data plane) or by ID (management plane): one choice, one line.
        refused("required.yaml", "Resources:\n  Backup:\n    Type: " + TYPE + "\n")
            .hasMessage("required.yaml: Resources.Backup.Properties: StorageAccountName or StorageAccountId is "
                + "required");
    }

    @Test
    void anAccountIdKnownOnlyAfterDeployingMeetsTheChoiceOfNameOrId() {
        final DeployableTemplate template = load("account-id.yaml", """
            Resources:
              A:
                Type: %1$s
                Properties: {StorageAccountName: acct01}
              B:
                Type: %1$s
                Properties: {StorageAccountId: !Sub "${A.ContainerUrl}"}
            """.formatted(TYPE), Map.of());

        final DeployableTemplate.ResolvedProperties beforeA = template.resolve("B", Map.of());
        assertThat(beforeA.unknown()).containsExactly("StorageAccountId");
        assertThat(template.violations("B", beforeA)).isEmpty();
    }

    @Test
    void onlyTheProjectsTypesRunLocally() {
        refused("bucket.yaml", "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n")
            .hasMessage("bucket.yaml: Resources.Bucket.Type: AWS::S3::Bucket cannot run locally: cfn-local plays "
                + TYPE + " and Azure::BlobStorage::Account only");
    }

    @Test
    void eachResourceIsCheckedAgainstItsOwnTypesSchema() {
        refused("account.yaml", """
            Resources:
              DrAccount:
                Type: Azure::BlobStorage::Account
                Properties:
                  SubscriptionId: 5c1b7d3e-8f2a-4b6c-9d0e-1a2b3c4d5e6f
                  ResourceGroupName: dr
                  AccessTier: Warm
                  StorageAccountName: notanaccountproperty
              Copies:
                Type: Azure::BlobStorage::Container
                Properties:
                  StorageAccountName: !Select [8, !Split ["/", !Ref DrAccount]]
                  Metadata:
                    location: !GetAtt DrAccount.ContainerUrl
            """)
            .hasMessageContaining("account.yaml: Resources.DrAccount.Properties.AccessTier: ")
            .hasMessageContaining("Resources.DrAccount.Properties.StorageAccountName: ")
            .hasMessageContaining("Resources.Copies.Properties.Metadata.location.Fn::GetAtt: 'ContainerUrl' is not an "
                + "attribute of DrAccount (attributes: Id, BlobEndpoint, PrimaryLocation, SecondaryLocation)");
    }

    @Test
    void anAccountAndAContainerInItLoad() {
        final DeployableTemplate template = DeployableTemplate.load(Path.of("..", "examples",
                "dr-account-and-container.yaml"), "examples/dr-account-and-container.yaml", Map.of(),
            StackState.create("dr", TARGET), TYPES, StackExports.of(new MemoryStackStore(), "dr"));

        assertThat(template.order()).containsExactly("DrAccount", "DrCopies");
        assertThat(template.type("DrAccount")).isEqualTo("Azure::BlobStorage::Account");
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
        refused("unplayed.yaml", """
            Transform: AWS::LanguageExtensions
            Rules:
              OnlyProd: {Assertions: []}
            Resources:
              Backup:
                Type: %s
                CreationPolicy: {ResourceSignal: {Count: 1}}
                UpdatePolicy: {}
                Properties: {StorageAccountName: acct01}
            """.formatted(TYPE))
            .hasMessageContaining("unplayed.yaml: Transform: is not supported by cfn-local")
            .hasMessageContaining("unplayed.yaml: Rules: is not supported by cfn-local")
            .hasMessageContaining("unplayed.yaml: Resources.Backup.CreationPolicy: is not supported by cfn-local")
            .hasMessageContaining("unplayed.yaml: Resources.Backup.UpdatePolicy: is not supported by cfn-local");
        refused("getazs.yaml", """
            Resources:
              Backup:
                Type: %s
                Properties:
                  StorageAccountName: acct01
                  Metadata: {zones: !Select [0, !GetAZs '']}
            """.formatted(TYPE))
            .hasMessage("getazs.yaml: Resources.Backup.Properties.Metadata.zones.Fn::Select[1].Fn::GetAZs: is not "
                + "supported by cfn-local (it plays Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, "
                + "Fn::FindInMap, Fn::ImportValue)");
    }

    @Test
    void conditionsDecideWhichResourcesAreCreatedAndWhichValuesFnIfTakes() {
        final String template = """
            Parameters:
              Env: {Type: String, AllowedValues: [dev, test, prod], Default: dev}
              Jurisdiction: {Type: String, Default: EU}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              IsEu: !Equals [EU, !Ref Jurisdiction]
              ProdInEu: !And [!Condition IsProd, !Condition IsEu]
              NotProd: !Not [!Condition IsProd]
              Shared: !Or [!Equals [!Ref Env, test], !Condition ProdInEu]
            Resources:
              Archive:
                Type: %1$s
                Condition: ProdInEu
                Properties: {StorageAccountName: acct01}
              Scratch:
                Type: %1$s
                Condition: NotProd
                Properties: {StorageAccountName: acct01}
              Backup:
                Type: %1$s
                Properties:
                  StorageAccountName: acct01
                  AutoDeleteBlobs: !If [IsProd, !Ref AWS::NoValue, true]
                  Metadata:
                    tier: !If [IsProd, gold, silver]
                    shared: !If [Shared, "yes", !Ref AWS::NoValue]
                    archive: !If [ProdInEu, !Ref Archive, none]
            Outputs:
              ArchiveUrl: {Condition: ProdInEu, Value: !Ref Archive}
            """.formatted(TYPE);

        final DeployableTemplate dev = load("conditions.yaml", template, Map.of());
        assertThat(dev.order()).containsExactly("Scratch", "Backup");
        assertThat(dev.resolve("Backup", Map.of()).properties().toString()).isEqualTo("{\"StorageAccountName\":"
            + "\"acct01\",\"AutoDeleteBlobs\":true,\"Metadata\":{\"tier\":\"silver\",\"archive\":\"none\"}}");
        assertThat(dev.outputs(Map.of())).isEmpty();

        final DeployableTemplate prodInEu = load("conditions.yaml", template, Map.of("Env", "prod"));
        assertThat(prodInEu.order()).as("Backup refers to Archive, so comes after it").containsExactly("Archive",
            "Backup");
        final DeployableTemplate.ResolvedProperties beforeArchive = prodInEu.resolve("Backup", Map.of());
        assertThat(beforeArchive.unknown()).containsExactly("Metadata");
        assertThat(beforeArchive.properties().has("AutoDeleteBlobs")).as("AWS::NoValue removes it").isFalse();
        assertThat(prodInEu.outputs(Map.of())).extracting(DeployableTemplate.Output::name).containsExactly("ArchiveUrl");

        assertThat(load("conditions.yaml", template, Map.of("Env", "test")).resolve("Backup", Map.of()).properties()
            .path("Metadata").path("shared").asText()).isEqualTo("yes");
        assertThat(load("conditions.yaml", template, Map.of("Env", "prod", "Jurisdiction", "US")).order())
            .containsExactly("Backup");
    }

    @Test
    void conditionsThatCannotBeEvaluatedAreRefused() {
        final String conditions = """
            Parameters:
              Env: {Type: String, Default: dev}
            Conditions:
              IsProd: !Equals [!Ref Env]
              UsesBackup: !Equals [!Ref Backup, x]
              Loop: !Not [!Condition Loop]
              NoSuch: !Condition IsStaging
            """;
        refused("bad-condition-names.yaml", conditions + """
            Resources:
              Backup:
                Type: %s
                Condition: IsStaging
                Properties: {StorageAccountName: acct01}
            Outputs:
              Url: {Condition: [IsProd], Value: x}
            """.formatted(TYPE))
            .hasMessageContaining("bad-condition-names.yaml: Resources.Backup.Condition: names 'IsStaging': it takes "
                + "the name of a condition of the Conditions section (IsProd, UsesBackup, Loop, NoSuch)")
            .hasMessageContaining("bad-condition-names.yaml: Outputs.Url.Condition: names no condition");
        refused("bad-conditions.yaml", conditions + """
            Resources:
              Backup:
                Type: %s
                Properties: {StorageAccountName: acct01}
            """.formatted(TYPE))
            .hasMessageContaining("bad-conditions.yaml: Conditions.IsProd.Fn::Equals: takes [value, value]")
            .hasMessageContaining("bad-conditions.yaml: Conditions.UsesBackup.Fn::Equals[0].Ref: a condition cannot "
                + "refer to a resource")
            .hasMessageContaining("bad-conditions.yaml: Conditions: circular condition references Loop -> Loop")
            .hasMessageContaining("bad-conditions.yaml: Conditions.NoSuch.Condition: no condition is named "
                + "'IsStaging'");
        refused("unknown-if.yaml", """
            Resources:
              Backup:
                Type: %s
                Properties:
                  StorageAccountName: acct01
                  Metadata: {tier: !If [IsTest, gold, silver]}
            """.formatted(TYPE))
            .hasMessage("unknown-if.yaml: Resources.Backup.Properties.Metadata.tier.Fn::If[0]: no condition is named "
                + "'IsTest'");
    }

    @Test
    void resourcesTheConditionsLeaveOutCannotBeReferredToOutsideTheirFnIf() {
        refused("not-created.yaml", """
            Conditions:
              IsProd: !Equals [dev, prod]
            Resources:
              Archive:
                Type: %1$s
                Condition: IsProd
                Properties: {StorageAccountName: acct01, Metadata: {x: !Ref Nope}}
              Backup:
                Type: %1$s
                DependsOn: Archive
                Properties:
                  StorageAccountName: acct01
                  Metadata:
                    ok: !If [IsProd, !Ref Archive, none]
                    typo: !If [IsProd, !Ref Archve, none]
                    archive: !GetAtt Archive.ContainerUrl
            Outputs:
              ArchiveUrl: {Value: !Ref Archive}
            """.formatted(TYPE))
            .hasMessageContaining("not-created.yaml: Resources.Backup.DependsOn: Unresolved resource dependencies "
                + "[Archive] in the Resources block of the template: Archive is not created, as its condition IsProd "
                + "is false (refer to it within Fn::If [IsProd, ...])")
            .hasMessageContaining("not-created.yaml: Resources.Backup.Properties.Metadata.archive.Fn::GetAtt: "
                + "Unresolved resource dependencies [Archive]")
            .hasMessageContaining("not-created.yaml: Outputs.ArchiveUrl.Value.Ref: Unresolved resource dependencies "
                + "[Archive]")
            .hasMessageContaining("not-created.yaml: Resources.Backup.Properties: no parameter or resource is named "
                + "'Archve' (in a part the conditions leave out, which CloudFormation checks all the same)")
            .hasMessageContaining("not-created.yaml: Resources.Archive.Properties: no parameter or resource is named "
                + "'Nope'")
            .message().doesNotContain("Metadata.ok");
    }

    @Test
    void mappingsGiveStringsThroughFindInMapWithRefsAsKeys() {
        final DeployableTemplate template = load("mappings.yaml", """
            Parameters:
              Env: {Type: String, Default: prod}
            Mappings:
              AccountByRegion:
                us-east-1: {Account: acct01}
                eu-west-1: {Account: acct02}
              Settings:
                prod: {Tier: gold, RetentionDays: 365}
              Tiers:
                gold: {Copies: "3"}
            Resources:
              Backup:
                Type: %s
                Properties:
                  StorageAccountName: !FindInMap [AccountByRegion, !Ref AWS::Region, Account]
                  Metadata:
                    retention_days: !FindInMap [Settings, !Ref Env, RetentionDays]
                    copies: !FindInMap [Tiers, !FindInMap [Settings, !Ref Env, Tier], Copies]
            """.formatted(TYPE), Map.of());

        assertThat(template.resolve("Backup", Map.of()).properties().toString()).isEqualTo("{\"StorageAccountName\":"
            + "\"acct01\",\"Metadata\":{\"retention_days\":\"365\",\"copies\":\"3\"}}");
    }

    @Test
    void mappingsAreCheckedAndMissingKeysRefused() {
        refused("bad-mappings.yaml", """
            Mappings:
              Empty: {}
              Flat: {prod: gold}
              WithFunction:
                prod: {Account: !Ref AWS::Region}
            """ + BACKUP)
            .hasMessageContaining("bad-mappings.yaml: Mappings.Empty: must map keys to mappings of values")
            .hasMessageContaining("bad-mappings.yaml: Mappings.Flat.prod: must map keys to values")
            .hasMessageContaining("bad-mappings.yaml: Mappings.WithFunction.prod.Account: must be a string, a number "
                + "or a list of them (Mappings take no functions)");
        refused("missing-key.yaml", """
            Mappings:
              Settings:
                prod: {Account: acct01}
            Resources:
              Backup:
                Type: %s
                Properties: {StorageAccountName: !FindInMap [Settings, !Ref AWS::Region, Account]}
            """.formatted(TYPE))
            .hasMessage("missing-key.yaml: Resources.Backup.Properties.StorageAccountName.Fn::FindInMap: Unable to get "
                + "mapping for Settings::us-east-1::Account (Settings has prod)");
    }

    @Test
    void deletionAndUpdateReplacePoliciesAreKeptWithTheResource() {
        final DeployableTemplate template = load("policies.yaml", """
            Resources:
              Kept:
                Type: %1$s
                DeletionPolicy: Retain
                UpdateReplacePolicy: Retain
                Properties: {StorageAccountName: acct01}
              KeptUnlessItsCreateFails:
                Type: %1$s
                DeletionPolicy: RetainExceptOnCreate
                UpdateReplacePolicy: Delete
                Properties: {StorageAccountName: acct01}
              Plain:
                Type: %1$s
                Properties: {StorageAccountName: acct01}
            """.formatted(TYPE), Map.of());

        assertThat(template.policies("Kept")).isEqualTo(new RemovalPolicies(RemovalPolicy.RETAIN, RemovalPolicy.RETAIN));
        assertThat(template.policies("KeptUnlessItsCreateFails"))
            .isEqualTo(new RemovalPolicies(RemovalPolicy.RETAIN_EXCEPT_ON_CREATE, RemovalPolicy.DELETE));
        assertThat(template.policies("Plain")).isEqualTo(RemovalPolicies.DEFAULT);
        assertThat(RemovalPolicy.RETAIN.retains(true)).isTrue();
        assertThat(RemovalPolicy.RETAIN_EXCEPT_ON_CREATE.retains(true)).isFalse();
        assertThat(RemovalPolicy.RETAIN_EXCEPT_ON_CREATE.retains(false)).isTrue();
        assertThat(RemovalPolicy.DELETE.retains(false)).isFalse();
    }

    @Test
    void snapshotAndUnknownPoliciesAreRefused() {
        refused("snapshot.yaml", """
            Parameters:
              Policy: {Type: String, Default: Retain}
            Resources:
              Backup:
                Type: %s
                DeletionPolicy: Snapshot
                UpdateReplacePolicy: RetainExceptOnCreate
                Properties: {StorageAccountName: acct01}
              Other:
                Type: %s
                DeletionPolicy: !Ref Policy
                UpdateReplacePolicy: Snapshot
                Properties: {StorageAccountName: acct01}
            """.formatted(TYPE, TYPE))
            .hasMessageContaining("snapshot.yaml: Resources.Backup.DeletionPolicy: Snapshot is not supported: " + TYPE
                + " has no snapshot to take, and CloudFormation would delete the container instead. Use Retain to keep "
                + "the container and its blobs.")
            .hasMessageContaining("snapshot.yaml: Resources.Backup.UpdateReplacePolicy: 'RetainExceptOnCreate' is not "
                + "one of Delete, Retain")
            .hasMessageContaining("snapshot.yaml: Resources.Other.DeletionPolicy: takes Delete, Retain, "
                + "RetainExceptOnCreate as plain text (functions here need the AWS::LanguageExtensions transform")
            .hasMessageContaining("snapshot.yaml: Resources.Other.UpdateReplacePolicy: Snapshot is not supported");
    }

    @Test
    void exportNamesMayUseFunctionsButNoResource() {
        final DeployableTemplate template = load("exports.yaml", BACKUP + """
            Outputs:
              Url:
                Value: !Ref Backup
                Export: {Name: !Sub "${AWS::StackName}-url"}
            """, Map.of());
        final DeployedResource backup = new DeployedResource(TYPE, "https://acct01.blob.core.windows.net/b",
            Json.object(), Json.object(), Set.of(), RemovalPolicies.DEFAULT);

        assertThat(template.outputs(Map.of())).containsExactly(new DeployableTemplate.Output("Url", null,
            "teststack-url"));
        assertThat(template.outputs(Map.of("Backup", backup))).containsExactly(new DeployableTemplate.Output("Url",
            backup.physicalId(), "teststack-url"));

        refused("export-names.yaml", BACKUP + """
            Outputs:
              Url:
                Value: !Ref Backup
                Export: {Name: !Sub "${Backup}-url"}
              Twice:
                Value: x
                Export: {Name: same}
              Again:
                Value: y
                Export: {Name: same}
            """)
            .hasMessageContaining("export-names.yaml: Outputs.Url.Export.Name: an export name cannot depend on a "
                + "resource")
            .hasMessageContaining("export-names.yaml: Outputs.Again.Export.Name: Outputs.Twice exports same too: an "
                + "export name is unique in an account and Region");
        refused("export-shape.yaml", BACKUP + """
            Outputs:
              Odd:
                Value: z
                Export: {Name: n, Description: d}
                Exported: true
            """)
            .hasMessageContaining("export-shape.yaml: Outputs.Odd.Export: takes a Name and nothing else")
            .hasMessageContaining("export-shape.yaml: Outputs.Odd.Exported: is not an output attribute (Value, "
                + "Description, Export, Condition)");
    }

    @Test
    void exportsAreSharedWithTheTargetsOtherStacksAsCloudFormationRules() {
        final MemoryStackStore store = new MemoryStackStore();
        final StackState network = StackState.create("network", TARGET);
        network.exports().put("network-account", "acct07");
        network.exports().put("taken", "x");
        store.save(network);
        final StackState teststack = StackState.create("teststack", TARGET);
        teststack.exports().put("teststack-url", "https://acct01.blob.core.windows.net/b");
        teststack.exports().put("teststack-old", "gone");
        store.save(teststack);
        final StackState consumer = StackState.create("consumer", TARGET);
        consumer.imports().addAll(Set.of("teststack-url", "teststack-old"));
        store.save(consumer);

        final DeployableTemplate importing = DeployableTemplate.load(TemplateFiles.write("imports.yaml", """
            Resources:
              Backup:
                Type: %s
                Properties:
                  StorageAccountName: !ImportValue network-account
            """.formatted(TYPE)), "imports.yaml", Map.of(), StackState.create("other", TARGET), TYPES,
            StackExports.of(store, "other"));
        assertThat(importing.resolve("Backup", Map.of()).properties().path("StorageAccountName").asText())
            .isEqualTo("acct07");
        assertThat(importing.imports()).containsExactly("network-account");

        assertThatThrownBy(() -> DeployableTemplate.load(TemplateFiles.write("exports-in-use.yaml", BACKUP + """
            Outputs:
              Url: {Value: changed, Export: {Name: teststack-url}}
              Clash: {Value: y, Export: {Name: taken}}
            """), "exports-in-use.yaml", Map.of(), teststack, TYPES, StackExports.of(store,
            "teststack")))
            .isInstanceOf(InputException.class)
            .hasMessageContaining("exports-in-use.yaml: Outputs.Clash.Export.Name: Export with name taken is already "
                + "exported by stack network")
            .hasMessageContaining("exports-in-use.yaml: Outputs: Export teststack-url cannot be updated as it is in "
                + "use by consumer")
            .hasMessageContaining("exports-in-use.yaml: Outputs: Export teststack-old cannot be deleted as it is in use "
                + "by consumer");
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
            StackState.create("teststack", TARGET), TYPES, StackExports.of(new MemoryStackStore(), "teststack"));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(final String name, final String yaml) {
        return refused(name, yaml, Map.of());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(final String name, final String yaml,
                                                                        final Map<String, String> parameters) {
        return assertThatThrownBy(() -> load(name, yaml, parameters)).isInstanceOf(InputException.class);
    }
}
