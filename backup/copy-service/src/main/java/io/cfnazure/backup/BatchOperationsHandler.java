package io.cfnazure.backup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3BatchResponse;
import com.amazonaws.services.lambda.runtime.events.S3BatchResponse.ResultCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lambda entry point for S3 Batch Operations' "Invoke AWS Lambda function" (invocation schema 1.0, with the bucket's
 * ARN, and 2.0, with its name): the backfill of objects that existed before the stack. Each task copies the version
 * it names (s3VersionId; the current one when it names none), unless the blob holds a later one; the result code tells
 * Batch Operations what to do: Succeeded (copied, or nothing to copy),
 * TemporaryFailure (it retries the task), PermanentFailure (reported in the job's completion report with the reason).
 * The input is read as a stream because the two schema versions differ in their fields.
 */
public final class BatchOperationsHandler implements RequestStreamHandler {

    static final String ENTRY_POINT = "batch-operations";
    /** Batch Operations keeps the result string in the completion report; keep it short. */
    private static final int MAX_RESULT_STRING = 900;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CopyFunction function;

    public BatchOperationsHandler() {
        this(CopyFunction.fromEnvironment());
    }

    BatchOperationsHandler(final CopyFunction function) {
        this.function = function;
    }

    @Override
    public void handleRequest(final InputStream input, final OutputStream output, final Context context)
        throws IOException {
        handle(input, output, context, function, ENTRY_POINT, job -> function.copy());
    }

    /**
     * Answers one invocation of Batch Operations: each task's bucket and key (decoded) handed to {@code function}
     * with the action {@code actionOfJob} makes of the job (schema 2.0 carries the job's user arguments), one result
     * per task. Shared by the entry points Batch Operations invokes (the backfill and the restore).
     *
     * @param actionOfJob the job's action; a {@link CopyFailure} it throws (an invalid user argument) fails every task
     */
    public static void handle(final InputStream input, final OutputStream output, final Context context,
                              final CopyFunction function, final String entryPoint,
                              final Function<JsonNode, CopyFunction.ObjectAction> actionOfJob) throws IOException {
        final JsonNode request = JSON.readTree(input);
        final String schema = request.path("invocationSchemaVersion").asText();
        final List<JsonNode> tasks = new ArrayList<>();
        request.path("tasks").forEach(tasks::add);
        final List<CopyFunction.Item> items = tasks.stream()
            .map(task -> new CopyFunction.Item(task.path("taskId").asText(), () -> List.of(objectOf(schema, task))))
            .toList();
        CopyFunction.ObjectAction action;
        try {
            action = actionOfJob.apply(request.path("job"));
        } catch (final CopyFailure failure) {
            action = (event, container, time) -> {
                throw failure;
            };
        }
        final Map<String, CopyFunction.ItemResult> results = function.handle(entryPoint, items, context, action)
            .stream()
            .collect(Collectors.toMap(CopyFunction.ItemResult::id, Function.identity(), (a, b) -> a));
        final List<S3BatchResponse.Result> answers = items.stream()
            .map(item -> answer(item.id(), results.get(item.id())))
            .toList();
        JSON.writeValue(output, S3BatchResponse.builder()
            .withInvocationSchemaVersion(schema)
            .withTreatMissingKeysAs(ResultCode.PermanentFailure)
            .withInvocationId(request.path("invocationId").asText())
            .withResults(answers)
            .build());
    }

    private static ObjectEvent objectOf(final String schema, final JsonNode task) {
        final String bucket = switch (schema) {
            case "1.0" -> bucketOfArn(text(task, "s3BucketArn"));
            case "2.0" -> text(task, "s3Bucket");
            default -> throw CopyFailure.permanent("Invocation schema version '" + Texts.bounded(schema)
                + "' is not supported: create the job with InvocationSchemaVersion 1.0 or 2.0.", null);
        };
        final String key = text(task, "s3Key");
        if (bucket == null || key == null) {
            throw CopyFailure.permanent("The task names no bucket or no key.", null);
        }
        return new ObjectEvent(ObjectEvent.Action.COPY, bucket, ObjectEvent.decodeKey(key), text(task, "s3VersionId"),
            null, null, null, "BatchOperations");
    }

    private static String bucketOfArn(final String arn) {
        return arn == null || !arn.contains(":::") ? null : arn.substring(arn.indexOf(":::") + 3);
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static S3BatchResponse.Result answer(final String taskId, final CopyFunction.ItemResult result) {
        final ResultCode code = result.succeeded() ? ResultCode.Succeeded
            : result.failure().isTransient() ? ResultCode.TemporaryFailure : ResultCode.PermanentFailure;
        final String text = result.succeeded()
            ? result.outcomes().stream().map(CopyOutcome::detail).collect(Collectors.joining("; "))
            : result.failure().getMessage();
        return S3BatchResponse.Result.builder()
            .withTaskId(taskId)
            .withResultCode(code)
            .withResultString(text.length() > MAX_RESULT_STRING ? text.substring(0, MAX_RESULT_STRING) + "..." : text)
            .build();
    }
}
