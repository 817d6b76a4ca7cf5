package io.cfnazure.localcloud.cloudformation;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;

/** The Lambda context of one handler invocation: its time left counts down from the invocation's budget. */
final class LambdaContext implements Context {

    private static final String FUNCTION_NAME = "azure-blobstorage-container-TypeFunction";

    private final String requestId;
    private final long deadlineMillis;
    private final LambdaLogger logger;

    LambdaContext(final String requestId, final Duration budget, final LambdaLogger logger) {
        this.requestId = requestId;
        this.deadlineMillis = System.currentTimeMillis() + budget.toMillis();
        this.logger = logger;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + FUNCTION_NAME;
    }

    @Override
    public String getLogStreamName() {
        return requestId;
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return null;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512; // template.yml
    }
}
