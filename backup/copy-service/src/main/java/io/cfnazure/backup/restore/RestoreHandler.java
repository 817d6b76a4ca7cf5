package io.cfnazure.backup.restore;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.cfnazure.backup.BatchOperationsHandler;
import io.cfnazure.backup.CopyFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Lambda entry point of the restore (Azure to S3), invoked by S3 Batch Operations ("Invoke AWS Lambda function",
 * invocation schema 1.0 or 2.0) over a manifest of blob names that {@link RestoreCommand} writes: each task's key is a
 * blob's name, which is the original S3 key, and the task's bucket is the one to restore into. Batch Operations
 * passes the manifest's keys as they are, whether or not the bucket holds them. The job's user arguments
 * ({@link RestoreOptions}) say as of when and whether newer objects may be replaced. Decoding tasks and answering
 * them is the backfill's ({@link BatchOperationsHandler#handle}); signing in, logs and metrics the copy function's.
 */
public final class RestoreHandler implements RequestStreamHandler {

    static final String ENTRY_POINT = "restore";

    private final CopyFunction function;
    private final Map<String, String> environment;

    public RestoreHandler() {
        this(CopyFunction.fromEnvironment(), System.getenv());
    }

    /** With a function built otherwise than from this process's environment (the restore command, the benchmark). */
    public RestoreHandler(final CopyFunction function, final Map<String, String> environment) {
        this.function = function;
        this.environment = environment;
    }

    @Override
    public void handleRequest(final InputStream input, final OutputStream output, final Context context)
        throws IOException {
        BatchOperationsHandler.handle(input, output, context, function, ENTRY_POINT,
            job -> new BlobRestorer(function.s3(), function.blockUploads(), RestoreOptions.of(job, environment),
                BlobRestorer.PART_SIZE));
    }
}
