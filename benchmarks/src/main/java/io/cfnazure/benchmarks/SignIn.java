package io.cfnazure.benchmarks;

import io.cfnazure.localcloud.EntraIdStandIn.FederatedCredential;
import io.cfnazure.localcloud.LocalCloud;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * How the handler signs in to Entra ID, by the value of AzureAuthentication: the benchmark's one parameter for the
 * cold and warm parts, so that both modes run through the same code in the same run.
 */
enum SignIn {

    /** With the app's client secret, which the handler reads from Secrets Manager with the caller's credentials. */
    CLIENT_SECRET("ClientSecret", "client secret", new RoundTrips(1, 0, 1)),
    /**
     * With no secret: the handler asks the Region's STS for a web identity token of the caller's role and presents it
     * to Entra ID as the client assertion of an app whose federated identity credential trusts that role.
     */
    AWS_WEB_IDENTITY("AwsWebIdentity", "no secret", new RoundTrips(0, 1, 1));

    /** What AzureAuthentication names. */
    final String authentication;
    /** How the report names it. */
    final String label;
    /**
     * A new JVM's requests to sign in once, and a warm JVM's per app (secret reads, Entra ID tokens) and per caller
     * (STS tokens: one serves every app the caller signs in as).
     */
    final RoundTrips expected;

    SignIn(final String authentication, final String label, final RoundTrips expected) {
        this.authentication = authentication;
        this.label = label;
        this.expected = expected;
    }

    /** The local cloud's app for this mode. */
    CredentialSet localCloudApp() {
        return this == CLIENT_SECRET ? new CredentialSet(this, LocalCloud.CLIENT_ID, LocalCloud.SECRET_NAME)
            : new CredentialSet(this, LocalCloud.FEDERATED_CLIENT_ID, null);
    }

    /** Registers another app that the local cloud trusts this way (its own client secret, or the caller's role). */
    CredentialSet newApp(final LocalCloud cloud, final String clientId) {
        if (this == CLIENT_SECRET) {
            final String secret = "Bq7W~Benchmark.App_" + UUID.randomUUID();
            final String secretName = "azure/blobstorage/benchmark-" + clientId;
            cloud.entraId().registerApp(LocalCloud.TENANT_ID, clientId, secret);
            cloud.secretsManager().putSecret(secretName, secret);
            return new CredentialSet(this, clientId, secretName);
        }
        cloud.entraId().addFederatedCredential(LocalCloud.TENANT_ID, clientId, new FederatedCredential(
            cloud.awsIssuer(), LocalCloud.CALLER_ROLE_ARN, List.of(LocalCloud.WEB_IDENTITY_AUDIENCE)));
        return new CredentialSet(this, clientId, null);
    }

    /** "ClientSecret,AwsWebIdentity" (the AzureAuthentication values, any case) gives both modes, in that order. */
    static List<SignIn> parse(final String values) {
        return Arrays.stream(values.split(","))
            .map(String::trim)
            .filter(value -> !value.isEmpty())
            .map(value -> Arrays.stream(values())
                .filter(mode -> mode.authentication.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown sign-in '" + value + "': use "
                    + Arrays.stream(values()).map(mode -> mode.authentication).toList())))
            .distinct()
            .sorted()
            .toList();
    }

    /** An Entra ID app signing in this way, and where its client secret is stored (null without a secret). */
    record CredentialSet(SignIn signIn, String clientId, String secretName) {
    }
}
