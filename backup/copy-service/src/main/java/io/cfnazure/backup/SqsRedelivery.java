package io.cfnazure.backup;

import io.cfnazure.access.calls.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;

/**
 * When SQS delivers a failed message again. Lambda's event source mapping leaves a failed batch item invisible for the
 * queue's visibility timeout, which must be at least six times the function's timeout (90 minutes for 15): far too
 * long for a throttle of seconds, and a permanent failure would take hours to reach the dead-letter queue. So before
 * the function answers, each failed message's visibility timeout is set here (ChangeMessageVisibility): a transient
 * failure after a back-off from its receive count, or the wait the failing service asked for when longer; a permanent
 * one at once, so that it reaches the queue's maxReceiveCount, and the dead-letter queue, within minutes. If SQS
 * refuses, the message still fails and comes back after the queue's own timeout; the refusal is logged once per batch.
 */
final class SqsRedelivery {

    /** The first retry of a transient failure; each further receive doubles it. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** A service's Retry-After is honoured up to this (the visibility timeout itself may be 12 hours). */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(15);
    /** One ChangeMessageVisibility call; SQS answers in milliseconds. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern QUEUE_ARN = Pattern.compile("arn:([\\w-]+):sqs:([\\w-]+):(\\d{12}):([\\w.-]+)");

    /** A failed SQS message: where it came from, how often it was received, and why it failed. */
    record FailedMessage(String eventSourceArn, String receiptHandle, int receiveCount, CopyFailure failure) {
    }

    private final Supplier<SqsClient> sqs;
    private final CopyLog log;
    private final Clock clock;

    /** @param sqs the function role's SQS client, asked for at the first failed message (a cold start needs none) */
    SqsRedelivery(final Supplier<SqsClient> sqs, final CopyLog log, final Clock clock) {
        this.sqs = sqs;
        this.log = log;
        this.clock = clock;
    }

    /**
     * How long the message stays invisible: 0 for a permanent failure; for a transient one 30 s doubled with each
     * receive up to 5 minutes (30, 60, 120, 240, 300 s), or the service's Retry-After when longer, up to 15 minutes.
     */
    static Duration delay(final CopyFailure failure, final int receiveCount) {
        if (!failure.isTransient()) {
            return Duration.ZERO;
        }
        final int doublings = Math.min(Math.max(receiveCount, 1) - 1, 10);
        final Duration backoff = min(FIRST_RETRY.multipliedBy(1L << doublings), MAX_BACKOFF);
        return failure.retryAfter().map(asked -> min(asked, MAX_RETRY_AFTER))
            .filter(asked -> asked.compareTo(backoff) > 0)
            .orElse(backoff);
    }

    /**
     * The queue URL of a queue ARN ({@code arn:PARTITION:sqs:REGION:ACCOUNT:NAME}), in the form AWS documents:
     * {@code https://sqs.REGION.DNS-SUFFIX/ACCOUNT/NAME}. Built rather than asked of GetQueueUrl: no request, no
     * permission beyond ChangeMessageVisibility. The endpoint the SDK sends to is its own (AWS_ENDPOINT_URL_SQS in
     * tests); the URL only names the queue.
     */
    static String queueUrl(final String queueArn) {
        final Matcher arn = QUEUE_ARN.matcher(queueArn == null ? "" : queueArn);
        if (!arn.matches()) {
            throw new IllegalArgumentException("Not an SQS queue ARN: " + Texts.bounded(queueArn));
        }
        final String region = arn.group(2);
        return "https://sqs." + region + "." + PartitionMetadata.of(Region.of(region)).dnsSuffix() + "/"
            + arn.group(3) + "/" + arn.group(4);
    }

    /** Sets each failed message's next delivery, within {@code timeLeft} of the invocation. */
    void schedule(final List<FailedMessage> failed, final Duration timeLeft) {
        if (failed.isEmpty()) {
            return;
        }
        // Kept back: Lambda still has to receive the answer.
        final Deadline deadline = Deadline.in(clock, timeLeft.minusSeconds(1));
        int refused = 0;
        String firstReason = null;
        for (final FailedMessage message : failed) {
            final String reason = changeVisibility(message, deadline);
            if (reason != null) {
                refused++;
                firstReason = firstReason == null ? reason : firstReason;
            }
        }
        if (refused > 0) {
            log.visibilityUnchanged(refused, failed.size(), firstReason);
        }
    }

    /** @return why SQS did not take the new timeout, or null when it did */
    private String changeVisibility(final FailedMessage message, final Deadline deadline) {
        // Read once: the deadline may pass between two readings, and a call timeout must be positive.
        final Duration left = deadline.remaining();
        if (left.isZero()) {
            return "no time was left in the invocation";
        }
        final String queueUrl;
        try {
            queueUrl = queueUrl(message.eventSourceArn());
        } catch (final IllegalArgumentException e) {
            return e.getMessage();
        }
        try {
            sqs.get().changeMessageVisibility(ChangeMessageVisibilityRequest.builder()
                .queueUrl(queueUrl)
                .receiptHandle(message.receiptHandle())
                .visibilityTimeout((int) delay(message.failure(), message.receiveCount()).toSeconds())
                .overrideConfiguration(o -> o.apiCallTimeout(min(CALL_TIMEOUT, left)))
                .build());
            return null;
        } catch (final AwsServiceException e) {
            final String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return "AccessDenied".equals(code)
                ? "AccessDenied: allow sqs:ChangeMessageVisibility on the queue to the function's role"
                : String.format("SQS answered %d %s", e.statusCode(), Texts.bounded(code));
        } catch (final SdkException e) {
            return "SQS could not be reached (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static Duration min(final Duration a, final Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
