package io.cfnazure.localcloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An error answer of Azure Resource Manager or of a resource provider behind it: the status and
 * {@code {"error": {"code", "message", ...}}}, the shape every ARM client reads (the Java SDK's ManagementError).
 * ARM itself marks its own refusals with {@code x-ms-failure-cause: gateway}, a provider's with {@code service}.
 */
final class ArmError extends Exception {

    private final int status;
    private final String code;
    private final ObjectNode body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ArmError(final int status, final String code, final String message, final String failureCause) {
        super(code + ": " + message, null, false, false);
        this.status = status;
        this.code = code;
        this.body = StandInServer.JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        headers.put("x-ms-failure-cause", failureCause);
    }

    /** Refused by ARM before any resource provider sees the request. */
    static ArmError gateway(final int status, final String code, final String message) {
        return new ArmError(status, code, message, "gateway");
    }

    /** Refused by the resource provider (Microsoft.Storage, Microsoft.Resources). */
    static ArmError service(final int status, final String code, final String message) {
        return new ArmError(status, code, message, "service");
    }

    /** Adds fields beside code and message (target, additionalInfo). */
    ArmError with(final Consumer<ObjectNode> error) {
        error.accept((ObjectNode) body.get("error"));
        return this;
    }

    ArmError withHeader(final String name, final String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    ObjectNode body() {
        return body;
    }

    Map<String, String> headers() {
        return headers;
    }
}
