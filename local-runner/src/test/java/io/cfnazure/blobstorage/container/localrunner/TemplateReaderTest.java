package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TemplateReaderTest {

    @Test
    void shortFormTagsBecomeTheirLongForms() {
        final JsonNode tree = read("short-forms.yaml", """
            A: !Ref Name
            B: !GetAtt Backup.ContainerUrl
            C: !Sub "${AWS::StackName}-x"
            D: !Join
              - "-"
              - [a, !Ref Name]
            E: !Select [0, !Split [",", "x,y"]]
            F: !!str 123
            """);

        assertThat(tree.get("A").toString()).isEqualTo("{\"Ref\":\"Name\"}");
        assertThat(tree.get("B").toString()).isEqualTo("{\"Fn::GetAtt\":\"Backup.ContainerUrl\"}");
        assertThat(tree.get("C").toString()).isEqualTo("{\"Fn::Sub\":\"${AWS::StackName}-x\"}");
        assertThat(tree.get("D").toString()).isEqualTo("{\"Fn::Join\":[\"-\",[\"a\",{\"Ref\":\"Name\"}]]}");
        assertThat(tree.get("E").toString()).isEqualTo("{\"Fn::Select\":[0,{\"Fn::Split\":[\",\",\"x,y\"]}]}");
        assertThat(tree.get("F").isTextual()).isTrue();
    }

    @Test
    void readsJsonTemplates() {
        final JsonNode tree = read("template.json", "{\"Resources\": {\"A\": {\"Type\": \"T\", "
            + "\"Properties\": {\"X\": {\"Fn::GetAtt\": [\"B\", \"Y\"]}}}}}");

        assertThat(tree.at("/Resources/A/Properties/X/Fn::GetAtt/1").asText()).isEqualTo("Y");
    }

    @Test
    void yamlSyntaxErrorsNameTheFileAndLine() {
        assertThatThrownBy(() -> read("broken.yaml", "Resources:\n  A: [1, 2\n  B: x\n"))
            .isInstanceOf(InputException.class)
            .hasMessageStartingWith("broken.yaml: line 3, column")
            .hasMessageContaining("syntax error")
            .hasMessageNotContaining("in 'reader'");
    }

    @Test
    void jsonSyntaxErrorsNameTheFileAndLine() {
        assertThatThrownBy(() -> read("broken.json", "{\n  \"Resources\": {\n    \"A\": \n  }\n}"))
            .isInstanceOf(InputException.class)
            .hasMessageStartingWith("broken.json: line 4, column");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> read("duplicate.yaml", "Resources:\n  A: {}\n  A: {}\n"))
            .isInstanceOf(InputException.class)
            .hasMessageStartingWith("duplicate.yaml: line 3")
            .hasMessageContaining("'A'");
    }

    private static JsonNode read(final String name, final String text) {
        return TemplateReader.read(TemplateFiles.write(name, text), name);
    }
}
