package io.cfnazure.backup;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The blob's metadata: the object's user metadata under Azure's naming rules, plus the {@link SourceRecord}, the
 * object's S3 checksums and how the copy's bytes were checked ({@value #INTEGRITY}) under the reserved prefix
 * {@value SourceRecord#PREFIX}.
 *
 * <p>Azure metadata names are C# identifiers, matched case-insensitively; S3's are any characters HTTP allows in a
 * header name. A name is lowercased, every character other than a-z, 0-9 and '_' becomes '_', and a name starting with
 * a digit gets a leading '_'. When that changes a name, or when two names or a reserved name would collide (one more
 * leading '_' until unique), {@value #ORIGINAL_NAMES} maps the Azure name back to the S3 one, so nothing is lost.
 */
public final class BlobMetadata {

    static final String ORIGINAL_NAMES = SourceRecord.PREFIX + "metadata_names";
    static final String CHECKSUM_PREFIX = SourceRecord.PREFIX + "checksum_";
    public static final String EXPIRES = SourceRecord.PREFIX + "expires";
    /** {@link IntegrityCheck#record()}: {@code verified:HOW} or {@code unverified:WHY}. */
    public static final String INTEGRITY = SourceRecord.PREFIX + "integrity";
    /** Azure's limit for all names and values of one blob's metadata together. */
    static final int MAX_BYTES = 8 * 1024;

    private BlobMetadata() {
    }

    /**
     * @param userMetadata S3's x-amz-meta-* entries, names without the prefix
     * @param checksums    S3's full-object or composite checksums by algorithm (e.g. "sha256"), as S3 returned them
     * @param expires      S3's Expires header, which Azure has no property for; may be null
     * @param integrity    how the copy's bytes were checked ({@link IntegrityCheck#record()})
     */
    static Map<String, String> of(final Map<String, String> userMetadata, final SourceRecord source,
                                  final Map<String, String> checksums, final String expires, final String integrity) {
        final Map<String, String> metadata = new LinkedHashMap<>(source.toMetadata());
        checksums.forEach((algorithm, value) -> metadata.put(CHECKSUM_PREFIX + algorithm, value));
        metadata.put(INTEGRITY, integrity);
        if (expires != null && !expires.isBlank()) {
            metadata.put(EXPIRES, expires.strip());
        }
        final Map<String, String> renamed = new TreeMap<>();
        // Names Azure takes as they are keep them; the others follow in sorted order, so the same object always gets
        // the same names.
        final Map<String, String> ordered = new LinkedHashMap<>();
        new TreeMap<>(userMetadata).forEach((name, value) -> {
            if (azureName(name).equals(name)) {
                ordered.put(name, value);
            }
        });
        new TreeMap<>(userMetadata).forEach(ordered::putIfAbsent);
        ordered.forEach((name, value) -> {
            String azureName = azureName(name);
            while (azureName.startsWith(SourceRecord.PREFIX) || metadata.containsKey(azureName)) {
                azureName = "_" + azureName;
            }
            metadata.put(azureName, value == null ? "" : value.strip());
            if (!azureName.equals(name)) {
                renamed.put(azureName, name);
            }
        });
        if (!renamed.isEmpty()) {
            metadata.put(ORIGINAL_NAMES, renamed.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")));
        }
        final int bytes = metadata.entrySet().stream()
            .mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        if (bytes > MAX_BYTES) {
            throw CopyFailure.permanent(String.format("s3://%s/%s: its metadata takes %d bytes as blob metadata "
                    + "(user metadata and the copy's record of its source); Azure allows %d.",
                source.bucket(), Texts.bounded(source.key()), bytes, MAX_BYTES), null);
        }
        return metadata;
    }

    /**
     * The inverse of {@link #of} for the object's own part: its user metadata under its S3 names (those Azure's
     * rules changed mapped back through {@value #ORIGINAL_NAMES}), without the copy's entries.
     */
    public static Map<String, String> userMetadata(final Map<String, String> blobMetadata) {
        final Map<String, String> lower = lowerCaseNames(blobMetadata);
        final Map<String, String> original = new LinkedHashMap<>();
        final String names = lower.get(ORIGINAL_NAMES);
        if (names != null && !names.isEmpty()) {
            for (final String pair : names.split("&")) {
                final int equals = pair.indexOf('=');
                original.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
            }
        }
        final Map<String, String> user = new TreeMap<>();
        lower.forEach((name, value) -> {
            if (!name.startsWith(SourceRecord.PREFIX)) {
                user.put(original.getOrDefault(name, name), value);
            }
        });
        return user;
    }

    /** S3's checksums the copy recorded, by algorithm (e.g. "sha256"), as S3 returned them. */
    public static Map<String, String> checksums(final Map<String, String> blobMetadata) {
        final Map<String, String> checksums = new TreeMap<>();
        lowerCaseNames(blobMetadata).forEach((name, value) -> {
            if (name.startsWith(CHECKSUM_PREFIX)) {
                checksums.put(name.substring(CHECKSUM_PREFIX.length()), value);
            }
        });
        return checksums;
    }

    /** One entry of the copy's, by its (lower-case) name: Azure matches names case-insensitively. */
    public static String entry(final Map<String, String> blobMetadata, final String name) {
        return lowerCaseNames(blobMetadata).get(name);
    }

    private static Map<String, String> lowerCaseNames(final Map<String, String> blobMetadata) {
        final Map<String, String> lower = new LinkedHashMap<>();
        blobMetadata.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }

    private static String decode(final String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** Azure's form of an S3 metadata name (see the class comment). */
    static String azureName(final String s3Name) {
        final StringBuilder name = new StringBuilder(s3Name.length() + 1);
        for (final char c : s3Name.toLowerCase(Locale.ROOT).toCharArray()) {
            name.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' ? c : '_');
        }
        if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
            name.insert(0, '_');
        }
        return name.toString();
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
