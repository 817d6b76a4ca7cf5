package io.cfnazure.blobstorage.container.credentials;

/**
 * How sign-in failures name the settings and the AWS role of whoever signs in, so that the advice in a message is
 * what that user can act on: a resource's properties and CloudFormation's execution role ({@link #RESOURCE}), or
 * another program sharing this code (the backup copy service) with settings and a role of its own.
 *
 * @param secretNameSetting      where the Secrets Manager secret with the client secret is named
 * @param tenantIdSetting        where the tenant ID is set
 * @param clientIdSetting        where the client ID is set
 * @param audienceSetting        where the web identity audience is set
 * @param webIdentitySetting     the setting that chooses sign-in without a secret
 * @param role                   the AWS role that asks STS for the web identity token
 * @param roleTemplate           what grants that role sts:GetWebIdentityToken as it should be granted
 * @param retried                what happens after a transient failure
 */
public record SignInTerms(String secretNameSetting, String tenantIdSetting, String clientIdSetting, String audienceSetting,
                          String webIdentitySetting, String role, String roleTemplate, String retried) {

    /** A resource of this type: its properties, the execution role, CloudFormation's retries. */
    public static final SignInTerms RESOURCE = new SignInTerms(
        "AzureClientSecretName (or the type configuration's AzureCredentials.ClientSecretName)", "AzureTenantId",
        "AzureClientId",
        "AzureWebIdentityAudience", "AzureAuthentication AwsWebIdentity", "the role CloudFormation uses",
        "the project's execution-role.yaml", "CloudFormation will retry");

    /** {@link #role()} at the start of a sentence. */
    public String roleStartingASentence() {
        return Character.toUpperCase(role.charAt(0)) + role.substring(1);
    }
}
