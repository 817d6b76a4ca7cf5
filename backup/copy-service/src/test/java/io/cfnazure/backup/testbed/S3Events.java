package io.cfnazure.backup.testbed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S3 event notifications as S3 sends them (event structure 2.1): the key URL-encoded with a space as '+', the ETag
 * without quotes, a hexadecimal sequencer that grows with each event of this JVM.
 */
public final class S3Events {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQUENCER = new AtomicLong(0x0055AED6DCD90281L);

    private S3Events() {
    }

    public static String created(final String bucket, final String key, final long size, final String eTag) {
        return event("ObjectCreated:Put", bucket, key, size, eTag, null);
    }

    /** The event of a versioned bucket's object: it names the version it created. */
    public static String created(final String bucket, final String key, final long size, final String eTag,
                                 final String versionId) {
        return event("ObjectCreated:Put", bucket, key, size, eTag, versionId);
    }

    public static String removed(final String bucket, final String key) {
        return event("ObjectRemoved:Delete", bucket, key, null, null, null);
    }

    /** S3's form of a key in events: URL-encoded, a space as '+', '/' kept. */
    public static String encodedKey(final String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String event(final String eventName, final String bucket, final String key, final Long size,
                                final String eTag, final String versionId) {
        final ObjectNode record = JSON.createObjectNode()
            .put("eventVersion", "2.1")
            .put("eventSource", "aws:s3")
            .put("awsRegion", "us-east-1")
            .put("eventTime", Instant.now().toString())
            .put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", "AWS:AIDAJDPLRKLG7UEXAMPLE");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", "C3D13FE58DE4C810")
            .put("x-amz-id-2", "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD");
        final ObjectNode s3 = record.putObject("s3").put("s3SchemaVersion", "1.0").put("configurationId", "backup");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket)
            .putObject("ownerIdentity").put("principalId", "A3NL1KOZZKExample");
        final ObjectNode object = s3.putObject("object").put("key", encodedKey(key));
        if (size != null) {
            object.put("size", size);
        }
        if (eTag != null) {
            object.put("eTag", eTag.replace("\"", ""));
        }
        if (versionId != null) {
            object.put("versionId", versionId);
        }
        object.put("sequencer", String.format("%018X", SEQUENCER.incrementAndGet()));
        final ObjectNode notification = JSON.createObjectNode();
        notification.putArray("Records").add(record);
        return notification.toString();
    }
}
