package io.cfnazure.localcloud;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;
import java.util.UUID;

/**
 * The Lambda context of one invocation of a function of the local account and Region: its time left counts down from
 * the function's timeout.
 */
public final class LambdaContext implements Context {

    private final String functionName;
    private final int memoryLimitInMb;
    private final String requestId = UUID.randomUUID().toString();
    private final long deadlineMillis;
    private final LambdaLogger logger;

    public LambdaContext(final String functionName, final int memoryLimitInMb, final Duration timeout,
                         final LambdaLogger logger) {
        this.functionName = functionName;
        this.memoryLimitInMb = memoryLimitInMb;
        this.deadlineMillis = System.currentTimeMillis() + timeout.toMillis();
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
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return requestId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + LocalCloud.REGION + ":" + LocalCloud.AWS_ACCOUNT_ID + ":function:" + functionName;
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
        return memoryLimitInMb;
    }
}
