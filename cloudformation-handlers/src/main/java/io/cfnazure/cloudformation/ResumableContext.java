package io.cfnazure.cloudformation;

/**
 * What a type's callback context keeps so that a Create, Update or Delete can ask to be called again
 * ({@link HandlerTemplate#resumable}): when the operation was first invoked and how often it asked. The type's own
 * class (Lombok's accessors) implements it; CloudFormation stores that class as JSON.
 */
public interface ResumableContext {

    /** When this operation was first invoked (epoch milliseconds): its wait budget counts from here. */
    Long getFirstAttemptEpochMillis();

    void setFirstAttemptEpochMillis(Long firstAttemptEpochMillis);

    /** How many invocations of this operation have asked to be called again. */
    Integer getRetries();

    void setRetries(Integer retries);
}
