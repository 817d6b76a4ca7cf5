package io.cfnazure.access.signin;

/** The terms of the provider's messages (its resource properties), which most expectations here are written in. */
final class TestTerms {

    static final SignInTerms RESOURCE = new SignInTerms("AzureAuthentication", "AzureClientSecretName",
        "AzureTenantId", "AzureClientId", "AzureWebIdentityAudience", "the type configuration's AzureSignInSettings",
        "the role CloudFormation uses", "the project's execution-role.yaml", "the handler's log",
        "CloudFormation will retry");

    private TestTerms() {
    }
}
