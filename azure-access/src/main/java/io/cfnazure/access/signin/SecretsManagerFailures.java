package io.cfnazure.access.signin;

import io.cfnazure.access.signin.SignInFailure.Category;
import io.cfnazure.access.calls.SafeText;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Secrets Manager's answers to GetSecretValue, as errors that name the secret and what to do. */
final class SecretsManagerFailures {

    private SecretsManagerFailures() {
    }

    static SignInFailure translate(final SdkException error, final SecretLocation location,
                                    final SignInTerms terms) {
        final String secret = String.format("secret '%s' in %s", SafeText.of(location.secretId()), location.region());
        if (!(error instanceof AwsServiceException service)) {
            return AwsErrorCodes.noAnswer(error, "AWS Secrets Manager", "to read " + secret, terms);
        }
        final String code = AwsErrorCodes.of(service);
        if (AwsErrorCodes.CREDENTIALS_REFUSED.contains(code)) {
            return SignInFailure.of(Category.REFUSED_CREDENTIALS, String.format(
                "AWS refused the credentials of %s when reading %s (%s).", terms.role(), secret, code));
        }
        return switch (code) {
            case "ResourceNotFoundException" -> SignInFailure.of(Category.INVALID_SETTING, String.format(
                "Secrets Manager has no %s: create it with the Azure client secret, or fix %s.", secret,
                terms.orItsDefault(terms.secretNameSetting())));
            case "AccessDeniedException" -> SignInFailure.of(Category.ACCESS_DENIED, String.format(
                "%s may not read %s: allow secretsmanager:GetSecretValue on it (and kms:Decrypt on its KMS key "
                    + "when it uses a customer-managed key).", terms.roleStartingASentence(), secret));
            case "DecryptionFailure" -> SignInFailure.of(Category.ACCESS_DENIED, String.format(
                "Secrets Manager could not decrypt %s: allow kms:Decrypt on the secret's KMS key to %s.", secret,
                terms.role()));
            case "InvalidRequestException", "InvalidParameterException" -> SignInFailure.of(
                Category.INVALID_SETTING, String.format("Secrets Manager refused to read %s (%s), for example "
                    + "because it is scheduled for deletion: restore it or name another secret.", secret, code));
            case "ThrottlingException" -> SignInFailure.of(Category.THROTTLED, String.format(
                "Secrets Manager throttled reading %s; %s.", secret, terms.retried()));
            default -> service.statusCode() >= 500 || service.statusCode() == 429
                ? SignInFailure.of(service.statusCode() == 429 ? Category.THROTTLED
                    : Category.SERVICE_ERROR, String.format("Secrets Manager is failing (%s) to "
                    + "read %s; %s.", SafeText.words(service.statusCode(), code), secret, terms.retried()), error)
                : SignInFailure.of(Category.SERVICE_REFUSED, String.format(
                    "Secrets Manager failed to read %s (%s).", secret, SafeText.words(service.statusCode(), code)),
                    error);
        };
    }
}
