package io.cfnazure.access.signin;

import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.cfnazure.access.calls.Causes;
import io.cfnazure.access.signin.SignInFailure.Category;
import io.cfnazure.access.calls.NoAnswer;
import io.cfnazure.access.calls.RetryAfter;
import io.cfnazure.access.calls.SafeText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entra ID's answers to a sign-in, as sign-in failures. azure-identity hands MSAL's exceptions through (a refusal
 * arrives as a RuntimeException wrapping {@link MsalServiceException}); an error page that is not Entra ID's JSON
 * arrives as {@link EntraIdErrorPages.ErrorPage}. The HTTP status and OAuth error decide between an outage (retriable)
 * and a refusal of the app's credentials, whatever the body; Entra's AADSTS code, which it puts at the start of the
 * error description, chooses the advice.
 */
final class EntraIdFailures {

    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d+");
    /** Entra's documented transient OAuth error: try again later. */
    private static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
    /**
     * "Request to External OIDC endpoint failed": Entra ID could not fetch the discovery document or the keys of the
     * client assertion's issuer (both codes are seen for it). The issuer or the way to it is down: an outage.
     */
    private static final Set<String> ISSUER_UNREACHABLE = Set.of("AADSTS90061", "AADSTS50166");

    private EntraIdFailures() {
    }

    /**
     * @param awsToken without a secret: the AWS token presented (its issuer and subject go into the advice), or null
     */
    static SignInFailure translate(final Throwable error, final AzureSignIn signIn,
                                    final AwsWebIdentityTokens.Token awsToken, final SignInTerms terms) {
        final SignInFailure fromAws = Causes.find(error, SignInFailure.class);
        if (fromAws != null) {
            // The AWS token could not be had (STS refused or failed): already translated where STS was called.
            return fromAws;
        }
        final String app = String.format("app %s in tenant %s", signIn.clientId(), signIn.tenantId());
        final EntraIdErrorPages.ErrorPage page = Causes.find(error, EntraIdErrorPages.ErrorPage.class);
        if (page != null) {
            return page.status() == 429 ? throttled(app, page.retryAfter(), terms, page)
                : SignInFailure.of(Category.SERVICE_ERROR, String.format("Entra ID's address answered "
                    + "the sign-in of %s with %d and a page that is not Entra ID's (from a gateway or proxy in "
                    + "between), not a refusal of the credentials; %s.", app, page.status(), terms.retried()), page);
        }
        final MsalServiceException service = Causes.find(error, MsalServiceException.class);
        if (service != null) {
            return fromService(service, signIn, awsToken, app, terms);
        }
        final NoAnswer noAnswer = NoAnswer.of(error);
        if (noAnswer != null) {
            return SignInFailure.of(Category.of(noAnswer), String.format("%s; %s.",
                noAnswer.sentence("Entra ID", "to sign in " + app), terms.retried()), error);
        }
        if (Causes.find(error, MsalClientException.class) != null) {
            // MSAL could not read what the login endpoint sent back (a cut-off answer).
            return notATokenResponse(app, terms, error);
        }
        return null;
    }

    private static SignInFailure fromService(final MsalServiceException e, final AzureSignIn signIn,
                                              final AwsWebIdentityTokens.Token awsToken, final String app,
                                              final SignInTerms terms) {
        final int status = e.statusCode() == null ? 0 : e.statusCode();
        if (status == 0) {
            // MSAL could not read a successful answer as Entra's JSON (error pages are ErrorPages): no refusal.
            return notATokenResponse(app, terms, e);
        }
        if (status == 429) {
            return throttled(app, retryAfter(e.headers()), terms, e);
        }
        if (status >= 500 || TEMPORARILY_UNAVAILABLE.equals(e.errorCode())) {
            return SignInFailure.of(Category.SERVICE_ERROR, String.format("Entra ID is failing to "
                + "sign in %s (%s); this is an Entra ID outage, not a problem with the credentials; %s.", app,
                SafeText.words(status, e.errorCode()), terms.retried()), e);
        }
        final Matcher aadsts = AADSTS.matcher(String.valueOf(e.getMessage()));
        final String code = aadsts.find() ? aadsts.group() : SafeText.words(e.errorCode());
        if (ISSUER_UNREACHABLE.contains(code)) {
            final String issuer = awsToken == null ? "the AWS token's issuer" : "'" + SafeText.of(awsToken.issuer()) + "'";
            return SignInFailure.of(Category.SERVICE_ERROR, String.format("Entra ID could not fetch "
                + "the discovery document or signing keys of %s to check the sign-in of %s (%s): an outage of that "
                + "issuer or of the way from Entra ID to it, not a problem with the federated credential; %s. If it "
                + "lasts, check that the issuer's /.well-known/openid-configuration answers.", issuer, app, code,
                terms.retried()), e);
        }
        final String what = signIn instanceof AzureSignIn.WithAwsWebIdentity webIdentity
            ? federationAdvice(code, webIdentity, awsToken, terms)
            : clientSecretAdvice(code, (AzureSignIn.WithClientSecret) signIn, terms);
        return SignInFailure.of(Category.REFUSED_CREDENTIALS, String.format(
            "Entra ID refused to sign in %s (%s): %s.", app, code, what), e);
    }

    private static SignInFailure notATokenResponse(final String app, final SignInTerms terms, final Throwable cause) {
        return SignInFailure.of(Category.SERVICE_ERROR, String.format("Entra ID answered the sign-in "
            + "of %s with a page that is not a token response; %s.", app, terms.retried()), cause);
    }

    private static SignInFailure throttled(final String app, final Duration retryAfter, final SignInTerms terms,
                                            final Throwable cause) {
        return SignInFailure.throttled(String.format("Entra ID is throttling the sign-in of %s (429); %s.", app,
            terms.retried()), retryAfter, cause);
    }

    private static String clientSecretAdvice(final String code, final AzureSignIn.WithClientSecret signIn,
                                             final SignInTerms terms) {
        final String secret = SafeText.of(signIn.secretId());
        return switch (code) {
            case "AADSTS7000215" -> String.format("the client secret in Secrets Manager secret '%s' is not a valid "
                + "secret of the app: store the secret's Value (not its ID) from the app registration", secret);
            case "AADSTS7000222" -> String.format("the client secret in Secrets Manager secret '%s' has expired: "
                + "create a new one for the app and store it in the secret", secret);
            case "AADSTS700016", "AADSTS90002", "AADSTS900023" -> unknownAppOrTenant(code, signIn, terms);
            default -> String.format("check %s, %s and the client secret in secret '%s'", terms.tenantIdSetting(),
                terms.clientIdSetting(), secret);
        };
    }

    /** Entra's codes for a federated credential that does not match the presented token, and for the token itself. */
    private static String federationAdvice(final String code, final AzureSignIn.WithAwsWebIdentity signIn,
                                           final AwsWebIdentityTokens.Token token, final SignInTerms terms) {
        final String issuer = token == null ? "the issuer URL of `aws iam get-outbound-web-identity-federation-info`"
            : "'" + SafeText.of(token.issuer()) + "'";
        final String subject = token == null ? "the ARN of " + terms.role() : "'" + SafeText.of(token.subject()) + "'";
        final String audience = "'" + SafeText.of(signIn.audience()) + "'";
        final String create = String.format("add a federated identity credential to the app with issuer %s, subject "
            + "%s and audience %s (az ad app federated-credential create --id %s)", issuer, subject, audience,
            signIn.clientId());
        return switch (code) {
            case "AADSTS700211" -> "no federated identity credential of the app trusts the AWS token's issuer: " + create;
            case "AADSTS700212" -> "no federated identity credential of the app accepts the AWS token's audience "
                + audience + ": set " + terms.audienceSetting() + " to the credential's audience, or " + create;
            case "AADSTS700213" -> "no federated identity credential of the app names the AWS token's subject "
                + subject + " (" + terms.role() + "): " + create;
            case "AADSTS70021" -> "no federated identity credential of the app matches the AWS token: " + create;
            case "AADSTS700024" -> "the AWS token was outside its valid time range when Entra ID checked it; retry the "
                + "operation, which presents a new token (the refused one is dropped)";
            case "AADSTS700027" -> "Entra ID could not verify the AWS token's signature with the issuer's published "
                + "keys: the federated credential's issuer must be exactly the account's issuer URL " + issuer;
            case "AADSTS700016", "AADSTS90002", "AADSTS900023" -> unknownAppOrTenant(code, signIn, terms);
            default -> String.format("check %s, %s and the app's federated identity credential: %s",
                terms.tenantIdSetting(), terms.clientIdSetting(), create);
        };
    }

    private static String unknownAppOrTenant(final String code, final AzureSignIn signIn, final SignInTerms terms) {
        return "AADSTS700016".equals(code)
            ? String.format("app %s does not exist in tenant %s: check %s and %s", signIn.clientId(),
                signIn.tenantId(), terms.clientIdSetting(), terms.tenantIdSetting())
            : String.format("tenant %s does not exist: check %s", signIn.tenantId(), terms.tenantIdSetting());
    }

    /** The wait MSAL's copy of the answer's headers asks for (its names keep Entra's case), or null. */
    private static Duration retryAfter(final Map<String, List<String>> headers) {
        return headers == null ? null : headers.entrySet().stream()
            .filter(header -> "retry-after".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty())
            .map(header -> RetryAfter.parse(header.getValue().get(0)))
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    }
}
