package io.cfnazure.access.signin;

/**
 * The sign-in settings one source gives (a resource's properties, a type configuration, a function's environment);
 * any may be null. {@link AzureSignInResolver} decides between sources. Printing them shows no secret: they hold
 * the secret's name only.
 *
 * @param tenantId            the Entra ID tenant
 * @param clientId            the app's client ID
 * @param clientSecretName    the Secrets Manager secret (name or ARN) with the client secret
 * @param method              {@value AzureSignInResolver#CLIENT_SECRET} or
 *                            {@value AzureSignInResolver#AWS_WEB_IDENTITY}
 * @param webIdentityAudience the audience of the AWS web identity token
 */
public record AzureSignInSettings(String tenantId, String clientId, String clientSecretName, String method,
                                  String webIdentityAudience) {

    /** No settings at all. */
    public static final AzureSignInSettings NONE = new AzureSignInSettings(null, null, null, null, null);
}
