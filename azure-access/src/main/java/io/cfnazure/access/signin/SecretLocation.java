package io.cfnazure.access.signin;

import io.cfnazure.access.calls.SafeText;
import java.util.regex.Pattern;
import io.cfnazure.access.signin.SignInFailure.Category;

/** A Secrets Manager secret as one AWS account's request names it; the cache key of its value. */
public record SecretLocation(String awsAccountId, String region, String secretId) {

    /** AWS Region names (us-east-1, ap-southeast-5, us-gov-west-1, cn-north-1, eusc-de-east-1, ...). */
    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}");

    public SecretLocation {
        if (region == null || !REGION.matcher(region).matches()) {
            throw SignInFailure.of(Category.INVALID_SETTING, String.format(
                "Secret '%s' names Region '%s', which is not an AWS Region.", SafeText.of(secretId),
                SafeText.of(region)));
        }
    }

    /** The secret's own Region when it is given as an ARN ({@code arn:aws:secretsmanager:{region}:...}), else the stack's. */
    public static SecretLocation of(final String awsAccountId, final String stackRegion, final String secretId) {
        final String[] arn = secretId.split(":", 6);
        final boolean isArn = arn.length == 6 && "arn".equals(arn[0]) && "secretsmanager".equals(arn[2])
            && !arn[3].isBlank();
        return new SecretLocation(awsAccountId, isArn ? arn[3] : stackRegion, secretId);
    }
}
