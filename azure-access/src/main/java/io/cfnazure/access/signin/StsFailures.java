package io.cfnazure.access.signin;

import io.cfnazure.access.signin.SignInFailure.Category;
import io.cfnazure.access.calls.SafeText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.OutboundWebIdentityFederationDisabledException;

/** STS's answers to GetWebIdentityToken, as sign-in failures that say which one-time setup step is missing. */
final class StsFailures {

    /** AWS names the refused principal in AccessDenied messages ("User: arn:aws:sts::...:assumed-role/..."). */
    private static final Pattern PRINCIPAL = Pattern.compile("arn:aws[a-z-]*:(sts|iam)::\\d{12}:[\\w+=,.@/-]+");

    private StsFailures() {
    }

    /** @param accountId the AWS account whose federation setting counts, or null when it is not known */
    static SignInFailure translate(final SdkException error, final String accountId, final String region,
                                    final String audience, final SignInTerms terms) {
        if (error instanceof OutboundWebIdentityFederationDisabledException) {
            return SignInFailure.of(Category.INVALID_SETTING, String.format("IAM outbound identity federation "
                + "is not enabled in %s, so STS cannot sign a web identity token for %s. Enable it once (aws iam "
                + "enable-outbound-web-identity-federation), read the issuer URL (aws iam "
                + "get-outbound-web-identity-federation-info) and trust it in the app's federated identity credential.",
                accountId == null ? "the AWS account" : "AWS account " + accountId, terms.webIdentitySetting()), error);
        }
        if (!(error instanceof AwsServiceException service)) {
            return AwsErrorCodes.noAnswer(error, "AWS STS in " + region, "for a web identity token", terms);
        }
        final String code = AwsErrorCodes.of(service);
        if ("AccessDenied".equals(code) || "AccessDeniedException".equals(code)) {
            final Matcher principal = PRINCIPAL.matcher(String.valueOf(service.awsErrorDetails().errorMessage()));
            final String role = principal.find() ? "The role " + principal.group() : terms.roleStartingASentence();
            return SignInFailure.of(Category.ACCESS_DENIED, String.format("%s may not call "
                + "sts:GetWebIdentityToken: allow it in that role's policy (with the condition "
                + "sts:IdentityTokenAudience = '%s'), as %s does.", role, SafeText.of(audience),
                terms.roleTemplate()), error);
        }
        if ("Throttling".equals(code) || "ThrottlingException".equals(code) || service.statusCode() == 429) {
            return SignInFailure.of(Category.THROTTLED, String.format("AWS STS in %s is throttling web "
                + "identity tokens; %s.", region, terms.retried()), error);
        }
        if (service.statusCode() >= 500) {
            return SignInFailure.of(Category.SERVICE_ERROR, String.format("AWS STS in %s is failing "
                + "(%s); %s.", region, SafeText.words(service.statusCode(), code), terms.retried()), error);
        }
        if (AwsErrorCodes.CREDENTIALS_REFUSED.contains(code)) {
            return SignInFailure.of(Category.REFUSED_CREDENTIALS, String.format("AWS refused the credentials "
                + "of %s when asking STS in %s for a web identity token (%s).", terms.role(), region, code), error);
        }
        return SignInFailure.of(Category.INVALID_SETTING, String.format("AWS STS in %s refused a web identity "
            + "token for audience '%s' (%s)%s.", region, SafeText.of(audience), SafeText.words(service.statusCode(),
            code), SafeText.saying(service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage())),
            error);
    }
}
