package io.cfnazure.localcloud;

import com.sun.net.httpserver.HttpExchange;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS side of who calls: temporary credentials of role sessions, as CloudFormation passes them to a handler, and
 * the check every AWS service makes before anything else (a known access key, its session token, a SigV4 signature
 * by its secret key). The AWS stand-ins share one instance, as AWS services share IAM, so a caller known to one is
 * known to all.
 */
public final class AwsCallers {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]+)");

    /**
     * A session of an IAM role: what STS names in web identity tokens ({@link #roleArn()}) and what IAM names in
     * AccessDenied messages ({@link #sessionArn()}).
     */
    public record Caller(String accessKeyId, String roleArn) {

        public String accountId() {
            return roleArnPart(1);
        }

        /** {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}; the access key ID stands in for the session name. */
        public String sessionArn() {
            return "arn:aws:sts::" + accountId() + ":assumed-role/" + roleArnPart(2) + "/" + accessKeyId;
        }

        private String roleArnPart(final int group) {
            final Matcher arn = ROLE_ARN.matcher(roleArn);
            if (!arn.matches()) {
                throw new IllegalStateException("Not a role ARN: " + roleArn);
            }
            return arn.group(group);
        }
    }

    /** A request that passed the check: who signed it, and for which Region and service. */
    record Signed(Caller caller, String region, String service) {
    }

    /** Why a request was refused, in words common to AWS's protocols; each stand-in gives its protocol's code. */
    enum Refusal {
        /** No SigV4 Authorization header. */
        MISSING_AUTHENTICATION,
        /** An access key or session token AWS does not know. */
        UNKNOWN_CALLER,
        /** Signed with another secret key, or the request changed after signing. */
        SIGNATURE_MISMATCH
    }

    /** The exception form of a {@link Refusal}, with the access key ID the request named (null if none). */
    static final class Refused extends Exception {

        private final Refusal refusal;
        private final String accessKeyId;

        Refused(final Refusal refusal, final String accessKeyId) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
            this.accessKeyId = accessKeyId;
        }

        Refusal refusal() {
            return refusal;
        }

        String accessKeyId() {
            return accessKeyId;
        }
    }

    private record Accepted(CallerCredentials credentials, Caller caller) {
    }

    private final Map<String, Accepted> callers = new ConcurrentHashMap<>();

    /**
     * Accepts requests signed with these credentials, as a session of {@code roleArn}
     * ({@code arn:aws:iam::ACCOUNT:role/NAME}).
     */
    public Caller accept(final CallerCredentials credentials, final String roleArn) {
        final Caller caller = new Caller(credentials.accessKeyId(), roleArn);
        caller.accountId(); // refuses what is not a role ARN now, not at the first request
        callers.put(credentials.accessKeyId(), new Accepted(credentials, caller));
        return caller;
    }

    /** The credentials of every caller accepted so far, for tests that check none of them leaks. */
    List<CallerCredentials> acceptedCredentials() {
        return callers.values().stream().map(Accepted::credentials).toList();
    }

    /** The accepted caller whose credentials signed the request, or why the request is refused. */
    Signed authenticate(final HttpExchange exchange, final byte[] body) throws Refused {
        final SigV4.Authorization authorization = SigV4.Authorization
            .parse(exchange.getRequestHeaders().getFirst("Authorization"))
            .orElseThrow(() -> new Refused(Refusal.MISSING_AUTHENTICATION, null));
        final Accepted accepted = callers.get(authorization.accessKeyId());
        if (accepted == null || !Objects.equals(accepted.credentials().sessionToken(),
            exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"))) {
            throw new Refused(Refusal.UNKNOWN_CALLER, authorization.accessKeyId());
        }
        if (!SigV4.verify(authorization, accepted.credentials().secretAccessKey(), exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders(), body)) {
            throw new Refused(Refusal.SIGNATURE_MISMATCH, authorization.accessKeyId());
        }
        return new Signed(accepted.caller(), authorization.region(), authorization.service());
    }
}
