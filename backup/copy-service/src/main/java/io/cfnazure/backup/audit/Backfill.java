package io.cfnazure.backup.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.eventnotifications.s3.model.S3;
import software.amazon.awssdk.eventnotifications.s3.model.S3Bucket;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.eventnotifications.s3.model.S3Object;
import software.amazon.awssdk.eventnotifications.s3.model.UserIdentity;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends the missing and stale objects to the copy queue as the S3 events the copy function already takes
 * ({@code ObjectCreated:Put}, built with the AWS SDK's S3 event model): each names the version the listing saw and
 * its ETag, so the copy reads exactly that version, and one overwritten since is left to the overwrite's own event
 * (412, "superseded"). No sequencer: the copy orders it by Last-Modified, as a Batch Operations task. Ten objects per
 * SendMessageBatch, at most {@code maxObjects} per run; after a request SQS refused or did not answer, the rest is
 * left for the next run (messages SQS refuses one by one are counted and the sending goes on).
 */
final class Backfill {

    /** The configuration id of the events, so that the copy's log tells them from S3's own. */
    static final String CONFIGURATION_ID = "completeness-audit";
    private static final int BATCH = 10;

    /** What the run sent; {@code failure} is the first reason SQS gave, null when none. */
    record Result(long enqueued, long failed, long leftForNextRun, String failure) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String bucket;
    private final int maxObjects;
    private final List<SourceObject> pending = new ArrayList<>(BATCH);
    private long offered;
    private long enqueued;
    private long failed;
    private String failure;
    private boolean stopped;

    Backfill(final SqsClient sqs, final String queueUrl, final String bucket, final int maxObjects) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.bucket = bucket;
        this.maxObjects = maxObjects;
    }

    void add(final SourceObject object) {
        offered++;
        if (offered > maxObjects || stopped) {
            return;
        }
        pending.add(object);
        if (pending.size() == BATCH) {
            send();
        }
    }

    Result finish() {
        if (!pending.isEmpty()) {
            send();
        }
        return new Result(enqueued, failed, offered - enqueued - failed, failure);
    }

    private void send() {
        final List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i))
                .messageBody(event(bucket, pending.get(i))).build());
        }
        try {
            final SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            enqueued += response.successful().size();
            failed += response.failed().size();
            if (!response.failed().isEmpty() && failure == null) {
                failure = String.format("SQS refused %d of %d messages: %s", response.failed().size(), entries.size(),
                    response.failed().get(0).code());
            }
        } catch (final SdkException e) {
            stopped = true;
            failure = AuditFailure.s3(e, "sending backfill events to the copy queue", "sqs:SendMessage on the queue "
                + "(and kms:GenerateDataKey when it has a customer-managed key)").getMessage();
        }
        pending.clear();
    }

    /** The S3 event notification of {@code object}'s creation, as S3 would send it (the key URL-encoded). */
    static String event(final String bucket, final SourceObject object) {
        final S3EventNotificationRecord record = new S3EventNotificationRecord();
        record.setEventVersion("2.1");
        record.setEventSource("aws:s3");
        record.setEventName("ObjectCreated:Put");
        record.setEventTime(Instant.now());
        record.setS3(new S3(CONFIGURATION_ID, new S3Bucket(bucket, new UserIdentity(null), "arn:aws:s3:::" + bucket),
            new S3Object(URLEncoder.encode(object.key(), StandardCharsets.UTF_8), object.size(), object.eTag(),
                object.versionId(), null), "1.0"));
        return new S3EventNotification(List.of(record)).toJson();
    }
}
