package io.cfnazure.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;

/**
 * The body of an SQS message S3 sent: an event notification with one or more records, or the {@code s3:TestEvent}
 * S3 sends when the notification is configured (nothing to do). Anything else cannot be copied and fails permanently.
 */
final class S3EventMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventMessages() {
    }

    static List<ObjectEvent> parse(final String body) {
        final JsonNode tree;
        try {
            tree = JSON.readTree(body == null ? "" : body);
        } catch (final IOException e) {
            throw notAnEvent("is not JSON", e);
        }
        if (tree != null && "s3:TestEvent".equals(tree.path("Event").asText())) {
            return List.of();
        }
        if (tree == null || !tree.path("Records").isArray()) {
            throw notAnEvent("has no Records", null);
        }
        final S3EventNotification notification;
        try {
            notification = S3EventNotification.fromJson(body);
        } catch (final RuntimeException e) {
            throw notAnEvent("does not have the fields of an S3 event notification", e);
        }
        final List<ObjectEvent> events = new ArrayList<>();
        for (final S3EventNotificationRecord record : notification.getRecords()) {
            if (!"aws:s3".equals(record.getEventSource()) || record.getS3() == null
                || record.getS3().getObject() == null || record.getS3().getBucket() == null) {
                throw notAnEvent("has a record that is not from S3", null);
            }
            final var object = record.getS3().getObject();
            final String sequencer = object.getSequencer();
            events.add(new ObjectEvent(ObjectEvent.actionOf(record.getEventName()), record.getS3().getBucket().getName(),
                ObjectEvent.decodeKey(object.getKey()), blankToNull(object.getVersionId()), object.getETag(),
                SourceRecord.isSequencer(sequencer) ? sequencer : null, object.getSizeAsLong(), record.getEventName()));
        }
        return events;
    }

    private static String blankToNull(final String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static CopyFailure notAnEvent(final String what, final Exception cause) {
        return CopyFailure.permanent("The message " + what + ": the queue should receive S3 event notifications only.",
            cause);
    }
}
