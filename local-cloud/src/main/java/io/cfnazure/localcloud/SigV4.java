package io.cfnazure.localcloud;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, computed independently of the AWS SDK, so a stand-in can check requests signed by the SDK
 * as AWS does: a handler that signs with the wrong credentials fails locally as it would in AWS.
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html.
 */
final class SigV4 {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile(ALGORITHM
        + " Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

    private SigV4() {
    }

    /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 ...} header. */
    record Authorization(String accessKeyId, String date, String region, String service,
                         List<String> signedHeaders, String signature) {

        static Optional<Authorization> parse(final String header) {
            final Matcher m = header == null ? null : AUTHORIZATION.matcher(header.trim());
            if (m == null || !m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Authorization(m.group(1), m.group(2), m.group(3), m.group(4),
                List.of(m.group(5).split(";")), m.group(6)));
        }

        String scope() {
            return String.join("/", date, region, service, "aws4_request");
        }
    }

    /** Whether the request's signature is the one the secret access key gives. */
    static boolean verify(final Authorization authorization, final String secretAccessKey, final String method,
                          final String rawPath, final String rawQuery, final Headers headers, final byte[] body) {
        final String canonicalRequest = String.join("\n",
            method,
            rawPath.isEmpty() ? "/" : rawPath,
            canonicalQuery(rawQuery),
            canonicalHeaders(authorization.signedHeaders(), headers),
            String.join(";", authorization.signedHeaders()),
            hex(sha256(body)));
        final String stringToSign = String.join("\n",
            ALGORITHM,
            headers.getFirst("X-Amz-Date"),
            authorization.scope(),
            hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        for (final String part : authorization.scope().split("/")) {
            key = hmac(key, part);
        }
        final byte[] expected = hex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, authorization.signature().getBytes(StandardCharsets.US_ASCII));
    }

    /** The SDK sends parameters already URI-encoded; canonical order is by encoded name, then value. */
    private static String canonicalQuery(final String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return Arrays.stream(rawQuery.split("&"))
            .map(pair -> pair.contains("=") ? pair : pair + "=")
            .sorted()
            .collect(Collectors.joining("&"));
    }

    /** One {@code name:value} line per signed header: values trimmed, inner runs of spaces collapsed. */
    private static String canonicalHeaders(final List<String> signedHeaders, final Headers headers) {
        return signedHeaders.stream()
            .map(name -> name + ":" + headers.getOrDefault(name, List.of()).stream()
                .map(value -> value.trim().replaceAll(" +", " "))
                .collect(Collectors.joining(",")) + "\n")
            .collect(Collectors.joining());
    }

    private static byte[] sha256(final byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(final byte[] key, final String data) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(final byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
