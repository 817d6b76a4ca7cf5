package io.cfnazure.backup.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A queue with a dead-letter queue, polled as Lambda's SQS event source mapping does with ReportBatchItemFailures:
 * a batch of messages as SQS's event JSON, then every message not in the answer's batchItemFailures is deleted, and
 * one received {@code maxReceiveCount} times that failed again moves to the dead-letter queue. Visibility timeouts
 * are not simulated: a failed message is visible again at the next poll.
 */
public final class SqsQueue {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Message(String id, String body, int receiveCount) {
    }

    private final int maxReceiveCount;
    private final Map<String, Message> visible = new LinkedHashMap<>();
    private final List<String> deadLetters = new ArrayList<>();

    public SqsQueue(final int maxReceiveCount) {
        this.maxReceiveCount = maxReceiveCount;
    }

    /** Sends a message (S3 does, for each event) and returns its message id. */
    public synchronized String send(final String body) {
        final String id = UUID.randomUUID().toString();
        visible.put(id, new Message(id, body, 0));
        return id;
    }

    /**
     * One poll of up to {@code batchSize} messages handed to {@code function} (SQS event JSON in, the function's
     * answer JSON out).
     *
     * @return the ids of the messages the function reported as failed
     */
    public synchronized List<String> deliver(final int batchSize, final UnaryOperator<String> function) {
        final List<Message> batch = visible.values().stream().limit(batchSize).toList();
        if (batch.isEmpty()) {
            return List.of();
        }
        final ObjectNode event = JSON.createObjectNode();
        final ArrayNode records = event.putArray("Records");
        final long now = System.currentTimeMillis();
        for (final Message message : batch) {
            final ObjectNode record = records.addObject()
                .put("messageId", message.id())
                .put("receiptHandle", "AQEB" + UUID.randomUUID())
                .put("body", message.body())
                .put("md5OfBody", md5(message.body()))
                .put("eventSource", "aws:sqs")
                .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:backup-events")
                .put("awsRegion", "us-east-1");
            record.putObject("attributes")
                .put("ApproximateReceiveCount", String.valueOf(message.receiveCount() + 1))
                .put("SentTimestamp", String.valueOf(now))
                .put("SenderId", "AIDAJHIPRHEMV73VRJEBU")
                .put("ApproximateFirstReceiveTimestamp", String.valueOf(now));
            record.putObject("messageAttributes");
        }
        final Set<String> failed = new HashSet<>();
        try {
            final JsonNode answer = JSON.readTree(function.apply(event.toString()));
            answer.path("batchItemFailures").forEach(failure -> failed.add(failure.path("itemIdentifier").asText()));
        } catch (final java.io.IOException e) {
            throw new IllegalStateException("The function's answer is not JSON", e);
        }
        for (final Message message : batch) {
            visible.remove(message.id());
            if (failed.contains(message.id())) {
                final Message again = new Message(message.id(), message.body(), message.receiveCount() + 1);
                if (again.receiveCount() >= maxReceiveCount) {
                    deadLetters.add(message.body());
                } else {
                    visible.put(message.id(), again);
                }
            }
        }
        return List.copyOf(failed);
    }

    public synchronized int visibleMessages() {
        return visible.size();
    }

    public synchronized List<String> deadLetters() {
        return List.copyOf(deadLetters);
    }

    private static String md5(final String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
