package io.cfnazure.blobstorage.container.localrunner;

import java.util.Arrays;
import java.util.Optional;

/** How the handler signs in to Entra ID on the local target: the type configuration's AzureCredentials.Authentication. */
enum SignIn {

    /** The app's client secret, read from the Secrets Manager stand-in. */
    CLIENT_SECRET("client-secret", "ClientSecret"),
    /** No secret: the caller's AWS web identity token from the STS stand-in, trusted by the app. */
    AWS_WEB_IDENTITY("aws-web-identity", "AwsWebIdentity");

    private final String option;
    private final String authentication;

    SignIn(final String option, final String authentication) {
        this.option = option;
        this.authentication = authentication;
    }

    /** The value of {@code --sign-in}. */
    String option() {
        return option;
    }

    /** The schema's AzureAuthentication value. */
    String authentication() {
        return authentication;
    }

    static Optional<SignIn> ofOption(final String option) {
        return Arrays.stream(values()).filter(signIn -> signIn.option.equals(option)).findFirst();
    }
}
