package io.cfnazure.access.signin;

/**
 * How sign-in messages name the settings, the AWS role and the log of whoever signs in, so that the advice in a message
 * is what that user can act on: a resource's properties and CloudFormation's execution role, or a program's
 * settings and its own role (the backup copy service). Every sign-in message names settings through these terms only.
 *
 * @param authenticationSetting  the setting that chooses how to sign in ({@value AzureSignInResolver#CLIENT_SECRET} or
 *                               {@value AzureSignInResolver#AWS_WEB_IDENTITY})
 * @param secretNameSetting      where the Secrets Manager secret with the client secret is named
 * @param tenantIdSetting        where the tenant ID is set
 * @param clientIdSetting        where the client ID is set
 * @param audienceSetting        where the web identity audience is set
 * @param defaults               where defaults for all of these settings may be set instead, or null when nowhere
 * @param role                   the AWS role that reads the secret or asks STS for the web identity token
 * @param roleTemplate           what grants that role sts:GetWebIdentityToken as it should be granted
 * @param log                    where the cause of an unexpected failure is logged
 * @param retried                what happens after a transient failure
 */
public record SignInTerms(String authenticationSetting, String secretNameSetting, String tenantIdSetting,
                          String clientIdSetting, String audienceSetting, String defaults, String role,
                          String roleTemplate, String log, String retried) {

    /** The setting that signs in without a secret, as the user writes it. */
    public String webIdentitySetting() {
        return authenticationSetting + " " + AzureSignInResolver.AWS_WEB_IDENTITY;
    }

    /** {@code setting}, and where its default may be set instead, if anywhere: for "set ..." and "fix ..." advice. */
    public String orItsDefault(final String setting) {
        return defaults == null ? setting : setting + " (or its default in " + defaults + ")";
    }

    /** {@link #role()} at the start of a sentence. */
    public String roleStartingASentence() {
        return Character.toUpperCase(role.charAt(0)) + role.substring(1);
    }
}
