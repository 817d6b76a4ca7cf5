package io.cfnazure.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a role's policy from a CloudFormation template, and refusing what it cannot evaluate. */
class WebIdentityTokenPolicyTest {

    private static final String DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

    @TempDir
    Path dir;

    @Test
    void theExecutionRoleAllowsItsAudienceParameterRs256AndAtMost300Seconds() {
        final WebIdentityTokenPolicy defaults = WebIdentityTokenPolicy.ofExecutionRole(Map.of());
        final WebIdentityTokenPolicy custom = WebIdentityTokenPolicy.ofExecutionRole(
            Map.of("WebIdentityAudience", "api://custom"));

        assertThat(defaults.allows(List.of(DEFAULT_AUDIENCE), "RS256", 300)).isTrue();
        assertThat(defaults.allows(List.of(DEFAULT_AUDIENCE), "RS256", 60)).isTrue();
        assertThat(defaults.allows(List.of(DEFAULT_AUDIENCE), "RS256", 301)).isFalse();
        assertThat(defaults.allows(List.of(DEFAULT_AUDIENCE), "ES384", 300)).isFalse();
        assertThat(defaults.allows(List.of(DEFAULT_AUDIENCE, "api://custom"), "RS256", 300)).isFalse();
        assertThat(custom.allows(List.of("api://custom"), "RS256", 300)).isTrue();
        assertThat(custom.allows(List.of(DEFAULT_AUDIENCE), "RS256", 300)).isFalse();
    }

    @Test
    void aRoleWithoutAStatementForTheActionAllowsNothingAndWildcardsCount() throws IOException {
        assertThat(policy(statement("s3:GetObject", "")).allows(List.of(DEFAULT_AUDIENCE), "RS256", 300)).isFalse();
        assertThat(policy(statement("sts:*", "")).allows(List.of(DEFAULT_AUDIENCE), "ES384", 3600)).isTrue();
    }

    @Test
    void refusesAnOperatorOrKeyItDoesNotEvaluate() {
        assertThatThrownBy(() -> policy(statement("sts:GetWebIdentityToken", """
                Condition:
                  StringLike:
                    sts:SigningAlgorithm: RS*
            """)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("StringLike sts:SigningAlgorithm")
            .hasMessageContaining("not evaluated");
        assertThatThrownBy(() -> policy(statement("sts:GetWebIdentityToken", """
                Condition:
                  StringEquals:
                    aws:RequestedRegion: us-east-1
            """)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("StringEquals aws:RequestedRegion");
        assertThatThrownBy(() -> policy(statement("sts:GetWebIdentityToken", """
                Condition:
                  StringEquals:
                    sts:IdentityTokenAudience: api://AzureADTokenExchange
            """)))
            .as("a multivalued key without ForAllValues")
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("StringEquals sts:IdentityTokenAudience");
    }

    @Test
    void refusesShortFormTagsThatAYamlReaderWouldDropSilently() {
        assertThatThrownBy(() -> policy(statement("sts:GetWebIdentityToken", """
                Condition:
                  ForAllValues:StringEquals:
                    sts:IdentityTokenAudience: !Ref Audience
            """)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("line 18")
            .hasMessageContaining("!Ref");
    }

    private WebIdentityTokenPolicy policy(final String statement) throws IOException {
        final Path template = Files.writeString(dir.resolve("role.yaml"), """
            Parameters:
              Audience:
                Type: String
                Default: api://AzureADTokenExchange
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  Policies:
                    - PolicyName: Policy
                      PolicyDocument:
                        Statement:
            """ + statement);
        return WebIdentityTokenPolicy.fromTemplate(template, Map.of());
    }

    /** An Allow statement on "*", indented for {@link #policy(String)}, with {@code condition} under it. */
    private static String statement(final String action, final String condition) {
        return "              - Effect: Allow\n"
            + "                Action: \"" + action + "\"\n"
            + "                Resource: \"*\"\n"
            + condition.indent(12);
    }
}
