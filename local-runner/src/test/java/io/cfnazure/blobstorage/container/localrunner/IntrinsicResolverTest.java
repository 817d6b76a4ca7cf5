package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IntrinsicResolverTest {

    private static final String URL = "https://acct.blob.core.windows.net/backups";

    /**
     * Parameter Env; resource Backup deployed, Pending not deployed yet, Skipped not created; conditions IsProd (true)
     * and IsDev (false); mappings EnvMap and TierMap; the export shared-url of another stack.
     */
    private final Bindings bindings = new Bindings() {
        @Override
        public Optional<JsonNode> parameter(final String name) {
            return Optional.ofNullable(Map.of("Env", "prod", "AWS::StackName", "demo").get(name))
                .map(Json.NODES::textNode);
        }

        @Override
        public boolean isResource(final String logicalId) {
            return Set.of("Backup", "Pending", "Skipped").contains(logicalId);
        }

        @Override
        public Optional<String> unavailable(final String logicalId) {
            return logicalId.equals("Skipped") ? Optional.of("Skipped is not created") : Optional.empty();
        }

        @Override
        public JsonNode physicalId(final String logicalId) {
            return logicalId.equals("Backup") ? Json.NODES.textNode(URL) : MissingNode.getInstance();
        }

        @Override
        public JsonNode attribute(final String logicalId, final String attribute) {
            return logicalId.equals("Backup") ? Json.NODES.textNode(attribute + "-of-backup")
                : MissingNode.getInstance();
        }

        @Override
        public Optional<Boolean> condition(final String name) {
            return Optional.ofNullable(Map.of("IsProd", true, "IsDev", false).get(name));
        }

        @Override
        public Optional<JsonNode> mapping(final String name) {
            return Optional.ofNullable(MAPPINGS.get(name));
        }

        @Override
        public Optional<String> exportedValue(final String name) {
            return Optional.ofNullable(Map.of("shared-url", URL).get(name));
        }
    };
    private static final JsonNode MAPPINGS = TemplateReader.read(TemplateFiles.write("mappings.yaml", """
        EnvMap:
          prod: {Tier: gold, Days: 35}
          dev: {Tier: bronze, Days: 7}
        TierMap:
          gold: {Copies: [eu, us]}
        """), "mappings.yaml");
    private final IntrinsicResolver resolver = new IntrinsicResolver(bindings, resource -> Set.of("ContainerUrl"),
        "t.yaml");

    @Test
    void refGivesParametersPseudoParametersAndPhysicalIds() {
        assertThat(resolve("!Ref Env").asText()).isEqualTo("prod");
        assertThat(resolve("!Ref AWS::StackName").asText()).isEqualTo("demo");
        assertThat(resolve("!Ref Backup").asText()).isEqualTo(URL);
    }

    @Test
    void noValueRemovesTheProperty() {
        assertThat(resolve("{A: !Ref AWS::NoValue, B: [x, !Ref AWS::NoValue]}").toString()).isEqualTo("{\"B\":[\"x\"]}");
    }

    @Test
    void getAttInBothForms() {
        assertThat(resolve("!GetAtt Backup.ContainerUrl").asText()).isEqualTo("ContainerUrl-of-backup");
        assertThat(resolve("!GetAtt [Backup, ContainerUrl]").asText()).isEqualTo("ContainerUrl-of-backup");
    }

    @Test
    void subReplacesNamesAttributesAndVariablesAndKeepsLiterals() {
        assertThat(resolve("!Sub '${AWS::StackName}-${Env}-${Backup.ContainerUrl}-${!Literal}'").asText())
            .isEqualTo("demo-prod-ContainerUrl-of-backup-${Literal}");
        assertThat(resolve("!Sub ['${Prefix}/${Backup}', {Prefix: !Ref Env}]").asText()).isEqualTo("prod/" + URL);
    }

    @Test
    void joinSelectAndSplit() {
        assertThat(resolve("!Join ['-', [a, !Ref Env, !Select [1, !Split [',', 'x,y,z']]]]").asText())
            .isEqualTo("a-prod-y");
    }

    @Test
    void valuesOfResourcesNotDeployedYetAreMissing() {
        assertThat(resolve("!Ref Pending").isMissingNode()).isTrue();
        assertThat(resolve("!Sub 'x-${Pending.ContainerUrl}'").isMissingNode()).isTrue();
        assertThat(resolve("{Name: !Join ['', [a, !GetAtt Pending.ContainerUrl]]}").isMissingNode()).isTrue();
    }

    @Test
    void unresolvableNamesAreRefusedWithTheirPlace() {
        assertThatThrownBy(() -> resolve("{Tags: [!Ref Nope]}"))
            .hasMessage("t.yaml: Resources.R.Properties.P.Tags[0].Ref: no parameter or resource is named 'Nope'");
        assertThatThrownBy(() -> resolve("!GetAtt Backup.Colour"))
            .hasMessageContaining("Fn::GetAtt: 'Colour' is not an attribute of Backup (attributes: ");
        assertThatThrownBy(() -> resolve("!Sub '${Nope}'"))
            .hasMessageContaining("Fn::Sub: no parameter or resource is named 'Nope'");
    }

    @Test
    void ifResolvesOnlyTheBranchItsConditionTakes() {
        assertThat(resolve("!If [IsProd, gold, !Ref Nope]").asText()).isEqualTo("gold");
        assertThat(resolve("!If [IsDev, !GetAtt Skipped.ContainerUrl, !Ref Backup]").asText()).isEqualTo(URL);
        assertThat(resolve("{A: !If [IsDev, x, !Ref AWS::NoValue], B: [x, !If [IsProd, !Ref AWS::NoValue, y]]}")
            .toString()).as("AWS::NoValue removes the property and the list element").isEqualTo("{\"B\":[\"x\"]}");
        assertThatThrownBy(() -> resolve("!If [IsStaging, a, b]"))
            .hasMessage("t.yaml: Resources.R.Properties.P.Fn::If[0]: no condition is named 'IsStaging'");
        assertThatThrownBy(() -> resolve("!If [IsProd, a]"))
            .hasMessageContaining("Fn::If: takes [condition name, value if true, value if false]");
    }

    @Test
    void findInMapTakesRefsAndNestedFindInMapsAsKeys() {
        assertThat(resolve("!FindInMap [EnvMap, !Ref Env, Days]").asInt()).isEqualTo(35);
        assertThat(resolve("!FindInMap [TierMap, !FindInMap [EnvMap, !Ref Env, Tier], Copies]").toString())
            .isEqualTo("[\"eu\",\"us\"]");
        assertThat(resolve("!FindInMap [EnvMap, !Ref Pending, Days]").isMissingNode()).isTrue();
        assertThatThrownBy(() -> resolve("!FindInMap [EnvMap, test, Days]"))
            .hasMessage("t.yaml: Resources.R.Properties.P.Fn::FindInMap: Unable to get mapping for EnvMap::test::Days "
                + "(EnvMap has prod, dev)");
        assertThatThrownBy(() -> resolve("!FindInMap [EnvMap, prod, Colour]"))
            .hasMessageContaining("Unable to get mapping for EnvMap::prod::Colour (EnvMap.prod has Tier, Days)");
        assertThatThrownBy(() -> resolve("!FindInMap [Nope, prod, Days]"))
            .hasMessageContaining("Fn::FindInMap: no mapping is named 'Nope'");
        assertThatThrownBy(() -> resolve("!FindInMap [EnvMap, test, Days, {DefaultValue: 1}]"))
            .hasMessageContaining("a default value needs the AWS::LanguageExtensions transform");
    }

    @Test
    void importValueReadsAnotherStacksExport() {
        assertThat(resolve("!ImportValue shared-url").asText()).isEqualTo(URL);
        assertThat(resolve("{'Fn::ImportValue': !Join ['-', [shared, url]]}").asText()).isEqualTo(URL);
        assertThatThrownBy(() -> resolve("!ImportValue other-url"))
            .hasMessage("t.yaml: Resources.R.Properties.P.Fn::ImportValue: No export named other-url found. (Exports "
                + "come from the other stacks of this target: deploy the exporting stack first.)");
        assertThatThrownBy(() -> resolve("{'Fn::ImportValue': !Sub '${Pending}-url'}"))
            .hasMessageContaining("Fn::ImportValue: the name of an export cannot depend on a resource");
    }

    @Test
    void conditionFunctionsEvaluateTheConditionsSection() {
        assertThat(condition("!Equals [!Ref Env, prod]")).isTrue();
        assertThat(condition("!Equals [!FindInMap [EnvMap, !Ref Env, Days], 35]")).as("scalars compare by text")
            .isTrue();
        assertThat(condition("!Not [!Equals [!Ref Env, prod]]")).isFalse();
        assertThat(condition("!And [!Condition IsProd, !Equals [a, a]]")).isTrue();
        assertThat(condition("!And [!Condition IsProd, !Condition IsDev]")).isFalse();
        assertThat(condition("!Or [!Condition IsDev, !Equals [a, b], !Condition IsProd]")).isTrue();
        assertThat(condition("!Or [!Condition IsDev, !Equals [a, b]]")).isFalse();
    }

    @Test
    void conditionFunctionsAreCheckedAndKeptToTheirPlace() {
        assertThatThrownBy(() -> condition("!Equals [a]")).hasMessage("t.yaml: Conditions.C.Fn::Equals: takes [value, "
            + "value]");
        assertThatThrownBy(() -> condition("!And [!Condition IsProd]"))
            .hasMessageContaining("Conditions.C.Fn::And: takes [condition, ...] with 2 to 10 conditions");
        assertThatThrownBy(() -> condition("!Not [!Condition IsStaging]"))
            .hasMessage("t.yaml: Conditions.C.Fn::Not[0].Condition: no condition is named 'IsStaging'");
        assertThatThrownBy(() -> condition("!Ref Env"))
            .hasMessage("t.yaml: Conditions.C.Ref: is not a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not, "
                + "Condition)");
        assertThatThrownBy(() -> condition("true"))
            .hasMessage("t.yaml: Conditions.C: must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not, "
                + "Condition)");
        assertThatThrownBy(() -> condition("!Equals [!If [IsProd, a, b], a]"))
            .hasMessageContaining("Conditions.C.Fn::Equals[0].Fn::If: cannot be used in a condition");
        assertThatThrownBy(() -> resolve("!Equals [a, b]"))
            .hasMessageContaining("Resources.R.Properties.P.Fn::Equals: is a condition function: it belongs in the "
                + "Conditions section");
    }

    @Test
    void resourcesThatAreNotCreatedCannotBeReferredTo() {
        assertThatThrownBy(() -> resolve("!Ref Skipped"))
            .hasMessage("t.yaml: Resources.R.Properties.P.Ref: Skipped is not created");
        assertThatThrownBy(() -> resolve("!Sub '${Skipped.ContainerUrl}'"))
            .hasMessage("t.yaml: Resources.R.Properties.P.Fn::Sub: Skipped is not created");
    }

    @Test
    void functionsItDoesNotPlayAreRefusedByName() {
        assertThatThrownBy(() -> resolve("!GetAZs ''"))
            .hasMessageContaining("Resources.R.Properties.P.Fn::GetAZs: is not supported by cfn-local");
        assertThatThrownBy(() -> resolve("!Base64 abc"))
            .hasMessageContaining("Resources.R.Properties.P.Fn::Base64: is not supported by cfn-local");
        assertThatThrownBy(() -> resolve("!Select [5, [a, b]]"))
            .hasMessageContaining("index 5 is out of range");
    }

    private boolean condition(final String yaml) {
        return resolver.condition(read(yaml), "Conditions.C");
    }

    private JsonNode resolve(final String yaml) {
        return resolver.resolve(read(yaml), "Resources.R.Properties.P");
    }

    private static JsonNode read(final String yaml) {
        return TemplateReader.read(TemplateFiles.write("intrinsic.yaml", "P: " + yaml), "intrinsic.yaml").get("P");
    }
}
