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

    /** Parameter Env; resource Backup deployed; resource Pending not deployed yet. */
    private final Bindings bindings = new Bindings() {
        @Override
        public Optional<JsonNode> parameter(final String name) {
            return Optional.ofNullable(Map.of("Env", "prod", "AWS::StackName", "demo").get(name))
                .map(Json.NODES::textNode);
        }

        @Override
        public boolean isResource(final String logicalId) {
            return Set.of("Backup", "Pending").contains(logicalId);
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
    };
    private final IntrinsicResolver resolver = new IntrinsicResolver(bindings, Set.of("ContainerUrl"),
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
    void functionsItDoesNotPlayAreRefusedByName() {
        assertThatThrownBy(() -> resolve("!If [IsProd, a, b]"))
            .hasMessageContaining("Resources.R.Properties.P.Fn::If: is not supported by cfn-local");
        assertThatThrownBy(() -> resolve("!Select [5, [a, b]]"))
            .hasMessageContaining("index 5 is out of range");
    }

    private JsonNode resolve(final String yaml) {
        final JsonNode value = TemplateReader.read(TemplateFiles.write("intrinsic.yaml", "P: " + yaml), "intrinsic.yaml")
            .get("P");
        return resolver.resolve(value, "Resources.R.Properties.P");
    }
}
