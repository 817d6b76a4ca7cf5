package io.cfnazure.backup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lambda entry point for S3 event notifications delivered through SQS (S3 → SQS → Lambda). Each message is an item:
 * when any object it names fails, the message is reported in {@code batchItemFailures} (the event source mapping
 * must have ReportBatchItemFailures), so SQS delivers only it again, after the back-off {@link SqsRedelivery} sets,
 * and after the queue's maxReceiveCount moves it to the dead-letter queue; the reason is in the function's log.
 * Objects already copied are skipped on redelivery.
 */
public final class SqsCopyHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    static final String ENTRY_POINT = "sqs";

    private final CopyFunction function;

    public SqsCopyHandler() {
        this(CopyFunction.fromEnvironment());
    }

    SqsCopyHandler(final CopyFunction function) {
        this.function = function;
    }

    @Override
    public SQSBatchResponse handleRequest(final SQSEvent event, final Context context) {
        final List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        final List<CopyFunction.Item> items = messages.stream()
            .map(message -> new CopyFunction.Item(message.getMessageId(),
                () -> S3EventMessages.parse(message.getBody())))
            .toList();
        final Map<String, SQSEvent.SQSMessage> byId = messages.stream()
            .collect(Collectors.toMap(SQSEvent.SQSMessage::getMessageId, Function.identity(), (a, b) -> a));
        final List<CopyFunction.ItemResult> failed = function.handle(ENTRY_POINT, items, context).stream()
            .filter(result -> !result.succeeded())
            .toList();
        function.sqsRedelivery().schedule(failed.stream()
                .map(result -> failedMessage(byId.get(result.id()), result.failure()))
                .toList(),
            Duration.ofMillis(context.getRemainingTimeInMillis()));
        return new SQSBatchResponse(failed.stream()
            .map(result -> new SQSBatchResponse.BatchItemFailure(result.id()))
            .toList());
    }

    private static SqsRedelivery.FailedMessage failedMessage(final SQSEvent.SQSMessage message,
                                                             final CopyFailure failure) {
        final String receiveCount = message.getAttributes() == null ? null
            : message.getAttributes().get("ApproximateReceiveCount");
        return new SqsRedelivery.FailedMessage(message.getEventSourceArn(), message.getReceiptHandle(),
            receiveCount != null && receiveCount.matches("\\d{1,9}") ? Integer.parseInt(receiveCount) : 1, failure);
    }
}
