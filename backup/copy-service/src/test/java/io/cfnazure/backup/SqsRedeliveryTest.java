package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** When failed messages come back: the back-off, the queue URL, and SQS refusing, with the SQS client mocked. */
class SqsRedeliveryTest {

    private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:backup-events";
    private static final CopyFailure THROTTLED = CopyFailure.transientFailure("Azure is throttling", null);
    private static final CopyFailure GONE = CopyFailure.permanent("s3://b/k no longer exists", null);

    @Test
    void aTransientFailureBacksOffFrom30SecondsDoublingPerReceiveUpTo5MinutesAndAPermanentOneComesBackAtOnce() {
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(receive -> SqsRedelivery.delay(THROTTLED, receive).toSeconds()))
            .containsExactly(30L, 60L, 120L, 240L, 300L, 300L, 300L);
        assertThat(SqsRedelivery.delay(THROTTLED, 0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(SqsRedelivery.delay(GONE, 1)).isZero();
        assertThat(SqsRedelivery.delay(GONE, 4)).isZero();
    }

    @Test
    void aLongerRetryAfterOfTheFailingServiceWinsUpTo15Minutes() {
        assertThat(SqsRedelivery.delay(CopyFailure.transientFailure("x", Duration.ofSeconds(600), null), 1))
            .isEqualTo(Duration.ofSeconds(600));
        assertThat(SqsRedelivery.delay(CopyFailure.transientFailure("x", Duration.ofHours(2), null), 1))
            .isEqualTo(Duration.ofMinutes(15));
        assertThat(SqsRedelivery.delay(CopyFailure.transientFailure("x", Duration.ofSeconds(15), null), 3))
            .isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void theQueueUrlIsTheOneAwsDocumentsForTheArnsRegionAndPartition() {
        assertThat(SqsRedelivery.queueUrl(QUEUE_ARN))
            .isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/backup-events");
        assertThat(SqsRedelivery.queueUrl("arn:aws-cn:sqs:cn-north-1:123456789012:q.fifo"))
            .isEqualTo("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q.fifo");
        assertThat(SqsRedelivery.queueUrl("arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q"))
            .isEqualTo("https://sqs.us-gov-west-1.amazonaws.com/123456789012/q");
        assertThatThrownBy(() -> SqsRedelivery.queueUrl("arn:aws:sns:eu-west-1:123456789012:topic"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachFailedMessageGetsItsTimeoutAndARefusalIsLoggedOnceWithoutStoppingTheOthers() throws Exception {
        final SqsClient sqs = mock(SqsClient.class);
        final List<ChangeMessageVisibilityRequest> requests = new ArrayList<>();
        when(sqs.changeMessageVisibility(any(ChangeMessageVisibilityRequest.class))).thenAnswer(call -> {
            final ChangeMessageVisibilityRequest request = call.getArgument(0);
            requests.add(request);
            if (request.receiptHandle().startsWith("stale")) {
                throw SqsException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("ReceiptHandleIsInvalid").build()).build();
            }
            return ChangeMessageVisibilityResponse.builder().build();
        });
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final SqsRedelivery redelivery = new SqsRedelivery(() -> sqs,
            new CopyLog(new PrintStream(out, true, StandardCharsets.UTF_8)), Clock.systemUTC());

        redelivery.schedule(List.of(
            new SqsRedelivery.FailedMessage(QUEUE_ARN, "stale-1", 1, THROTTLED),
            new SqsRedelivery.FailedMessage(QUEUE_ARN, "stale-2", 1, THROTTLED),
            new SqsRedelivery.FailedMessage(QUEUE_ARN, "r-3", 3, THROTTLED),
            new SqsRedelivery.FailedMessage(QUEUE_ARN, "r-4", 2, GONE)), Duration.ofSeconds(30));

        assertThat(requests).extracting(ChangeMessageVisibilityRequest::receiptHandle)
            .containsExactly("stale-1", "stale-2", "r-3", "r-4");
        assertThat(requests).extracting(ChangeMessageVisibilityRequest::visibilityTimeout)
            .containsExactly(30, 30, 120, 0);
        assertThat(requests).allSatisfy(request -> assertThat(request.queueUrl())
            .isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/backup-events"));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).singleElement().satisfies(line -> assertThat(new ObjectMapper().readTree(line)
            .get("message").asText()).contains("2 of the batch's 4 failed messages", "ReceiptHandleIsInvalid",
                "the queue's visibility timeout"));
    }

    @Test
    void noTimeLeftMeansNoCallAndTheQueuesOwnTimeout() {
        final SqsClient sqs = mock(SqsClient.class);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SqsRedelivery(() -> sqs, new CopyLog(new PrintStream(out, true, StandardCharsets.UTF_8)), Clock.systemUTC())
            .schedule(List.of(new SqsRedelivery.FailedMessage(QUEUE_ARN, "r-1", 1, THROTTLED)), Duration.ofMillis(500));

        org.mockito.Mockito.verifyNoInteractions(sqs);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("no time was left");
    }
}
