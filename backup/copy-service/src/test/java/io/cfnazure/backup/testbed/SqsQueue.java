package io.cfnazure.backup.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A queue with a dead-letter queue, polled as Lambda's SQS event source mapping does with ReportBatchItemFailures:
 * a batch of messages as SQS's event JSON, then every message not in the answer's batchItemFailures is deleted, and
 * one received {@code maxReceiveCount} times that failed again moves to the dead-letter queue.
 *
 * <p>While a batch is with the function, the queue answers SQS's ChangeMessageVisibility, and at any time the
 * audit's SendMessageBatch, over SQS's own JSON protocol ({@code POST /}, {@code X-Amz-Target: AmazonSQS.ChangeMessageVisibility}, {@code x-amz-json-1.0}) on
 * {@link #endpoint()}, the function's {@code aws.endpointUrlSqs}; the real SDK client calls it. The timeouts the
 * function sets are recorded per message, not waited out: a failed message is visible again at the next poll.
 * Requests must be SigV4-signed for SQS (the signature itself is not checked) and name the queue and the current
 * receipt handle of a message in flight, or they get SQS's error.
 */
public final class SqsQueue {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    private static final String CHANGE_MESSAGE_VISIBILITY = "AmazonSQS.ChangeMessageVisibility";
    private static final String SEND_MESSAGE_BATCH = "AmazonSQS.SendMessageBatch";
    private static final Map<String, SqsQueue> QUEUES = new ConcurrentHashMap<>();
    private static HttpServer server;

    private record Message(String id, String body, int receiveCount, String receiptHandle) {
    }

    /** An error SQS answers instead (its __type and HTTP status), for tests of the function's fallback. */
    public record Refusal(int status, String type, String message) {
    }

    private final String name = "backup-events-" + UUID.randomUUID().toString().substring(0, 8);
    private final int maxReceiveCount;
    private final Map<String, Message> visible = new LinkedHashMap<>();
    private final Map<String, Message> inFlight = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> visibilityTimeouts = new ConcurrentHashMap<>();
    private final List<String> deadLetters = new ArrayList<>();
    private volatile Refusal refusal;

    public SqsQueue(final int maxReceiveCount) {
        this.maxReceiveCount = maxReceiveCount;
        QUEUES.put(name, this);
    }

    /** Where this JVM's queues answer SQS's API, started on first use. */
    public static synchronized String endpoint() {
        if (server == null) {
            server = LoopbackServer.start("sqs-stand-in", SqsQueue::answer);
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The queue's URL, as SQS's API names it (the audit's BACKFILL_QUEUE_URL). */
    public String url() {
        return "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + name;
    }

    /** The queue's ARN, as Lambda gives it in each record's eventSourceARN. */
    public String arn() {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
    }

    /** Sends a message (S3 does, for each event) and returns its message id. */
    public synchronized String send(final String body) {
        final String id = UUID.randomUUID().toString();
        visible.put(id, new Message(id, body, 0, null));
        return id;
    }

    /** SendMessageBatch (the audit's backfill): each entry becomes a visible message, answered as SQS does. */
    private ObjectNode sendBatch(final JsonNode entries) {
        final ObjectNode answer = JSON.createObjectNode();
        final ArrayNode successful = answer.putArray("Successful");
        answer.putArray("Failed");
        entries.forEach(entry -> successful.addObject()
            .put("Id", entry.path("Id").asText())
            .put("MessageId", send(entry.path("MessageBody").asText()))
            .put("MD5OfMessageBody", md5(entry.path("MessageBody").asText())));
        return answer;
    }

    /** The bodies of the messages waiting to be delivered, in order. */
    public synchronized List<String> visibleBodies() {
        return visible.values().stream().map(Message::body).toList();
    }

    /** From now on ChangeMessageVisibility gets this error; null answers normally again. */
    public void refuse(final Refusal refusal) {
        this.refusal = refusal;
    }

    /** The visibility timeouts (seconds) the function set for a message, one per call, in order. */
    public List<Integer> visibilityTimeouts(final String messageId) {
        return List.copyOf(visibilityTimeouts.getOrDefault(messageId, List.of()));
    }

    /**
     * One poll of up to {@code batchSize} messages handed to {@code function} (SQS event JSON in, the function's
     * answer JSON out).
     *
     * @return the ids of the messages the function reported as failed
     */
    public synchronized List<String> deliver(final int batchSize, final UnaryOperator<String> function) {
        final List<Message> batch = visible.values().stream().limit(batchSize)
            .map(message -> new Message(message.id(), message.body(), message.receiveCount() + 1,
                "AQEB" + UUID.randomUUID()))
            .toList();
        if (batch.isEmpty()) {
            return List.of();
        }
        final ObjectNode event = JSON.createObjectNode();
        final ArrayNode records = event.putArray("Records");
        final long now = System.currentTimeMillis();
        for (final Message message : batch) {
            visible.remove(message.id());
            inFlight.put(message.id(), message);
            final ObjectNode record = records.addObject()
                .put("messageId", message.id())
                .put("receiptHandle", message.receiptHandle())
                .put("body", message.body())
                .put("md5OfBody", md5(message.body()))
                .put("eventSource", "aws:sqs")
                .put("eventSourceARN", arn())
                .put("awsRegion", REGION);
            record.putObject("attributes")
                .put("ApproximateReceiveCount", String.valueOf(message.receiveCount()))
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
        } finally {
            batch.forEach(message -> inFlight.remove(message.id()));
        }
        for (final Message message : batch) {
            if (failed.contains(message.id())) {
                if (message.receiveCount() >= maxReceiveCount) {
                    deadLetters.add(message.body());
                } else {
                    visible.put(message.id(), message);
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

    private static void answer(final HttpExchange exchange) throws IOException {
        final String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.matches("AWS4-HMAC-SHA256 Credential=\\w+/\\d{8}/" + REGION
            + "/sqs/aws4_request,.*")) {
            send(exchange, 400, error("MissingAuthenticationToken", "Request must be signed for SQS in " + REGION));
            return;
        }
        final String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!(CHANGE_MESSAGE_VISIBILITY.equals(target) || SEND_MESSAGE_BATCH.equals(target))
            || !String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                .startsWith("application/x-amz-json-1.0")) {
            send(exchange, 400, error("UnsupportedOperation", "This stand-in answers ChangeMessageVisibility and "
                + "SendMessageBatch only"));
            return;
        }
        final JsonNode request = JSON.readTree(exchange.getRequestBody());
        final String queueUrl = request.path("QueueUrl").asText();
        final String path = URI.create(queueUrl).getPath();
        final SqsQueue queue = path.startsWith("/" + ACCOUNT + "/") ? QUEUES.get(path.substring(ACCOUNT.length() + 2))
            : null;
        if (queue == null || !URI.create(queueUrl).getHost().equals("sqs." + REGION + ".amazonaws.com")) {
            send(exchange, 400, error("QueueDoesNotExist", "The specified queue does not exist."));
            return;
        }
        if (SEND_MESSAGE_BATCH.equals(target)) {
            send(exchange, 200, queue.sendBatch(request.path("Entries")));
            return;
        }
        final Refusal refusal = queue.refusal;
        if (refusal != null) {
            send(exchange, refusal.status(), error(refusal.type(), refusal.message()));
            return;
        }
        final int timeout = request.path("VisibilityTimeout").asInt(-1);
        if (timeout < 0 || timeout > 43_200) {
            send(exchange, 400, error("InvalidParameterValue", "Value " + request.path("VisibilityTimeout")
                + " for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200."));
            return;
        }
        final String receiptHandle = request.path("ReceiptHandle").asText();
        final Message message = queue.inFlight.values().stream()
            .filter(candidate -> candidate.receiptHandle().equals(receiptHandle)).findFirst().orElse(null);
        if (message == null) {
            send(exchange, 400, error("ReceiptHandleIsInvalid", "The input receipt handle \"" + receiptHandle
                + "\" is not a valid receipt handle."));
            return;
        }
        queue.visibilityTimeouts.computeIfAbsent(message.id(), id -> new CopyOnWriteArrayList<>())
            .add(timeout);
        send(exchange, 200, JSON.createObjectNode());
    }

    private static ObjectNode error(final String type, final String message) {
        return JSON.createObjectNode().put("__type", "com.amazonaws.sqs#" + type).put("message", message);
    }

    private static void send(final HttpExchange exchange, final int status, final ObjectNode body) throws IOException {
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (body.has("__type")) {
            // SQS's JSON protocol also names the error as its former query protocol did.
            exchange.getResponseHeaders().set("x-amzn-query-error",
                body.get("__type").asText().replace("com.amazonaws.sqs#", "") + (status >= 500 ? ";Receiver" : ";Sender"));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String md5(final String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
