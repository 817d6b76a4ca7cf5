package io.cfnazure.blobstorage.container.credentials;

/** A Secrets Manager secret as one AWS account's request names it; the cache key of its value. */
public record SecretLocation(String awsAccountId, String region, String secretId) {

    /** The secret's own Region when it is given as an ARN ({@code arn:aws:secretsmanager:{region}:...}), else the stack's. */
    public static SecretLocation of(final String awsAccountId, final String stackRegion, final String secretId) {
        final String[] arn = secretId.split(":", 6);
        final boolean isArn = arn.length == 6 && "arn".equals(arn[0]) && "secretsmanager".equals(arn[2])
            && !arn[3].isBlank();
        return new SecretLocation(awsAccountId, isArn ? arn[3] : stackRegion, secretId);
    }
}
