package io.cfnazure.access.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.access.calls.SafeText;
import java.io.IOException;
import io.cfnazure.access.signin.SignInFailure.Category;

/**
 * The content of the Secrets Manager secret: the Entra ID client secret, and optionally the tenant and client IDs
 * when the secret is JSON ({@code {"clientSecret": "...", "tenantId": "...", "clientId": "..."}}).
 * Error messages name the secret, never its value.
 */
public record ClientSecret(String clientSecret, String tenantId, String clientId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ClientSecret parse(final String secretId, final String secretString) {
        if (secretString == null) {
            throw SignInFailure.of(Category.INVALID_SETTING, String.format(
                "Secret '%s' has no SecretString: store the Azure client secret as text, either the secret itself or "
                    + "JSON with a clientSecret key.", SafeText.of(secretId)));
        }
        final String text = secretString.strip();
        if (text.isEmpty()) {
            throw SignInFailure.of(Category.INVALID_SETTING, String.format(
                "Secret '%s' is empty: put the Azure app's client secret in it.", SafeText.of(secretId)));
        }
        if (!text.startsWith("{")) {
            return new ClientSecret(text, null, null);
        }
        final JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (final IOException e) {
            throw malformed(secretId);
        }
        final String clientSecret = textField(json, "clientSecret");
        if (clientSecret == null) {
            throw malformed(secretId);
        }
        return new ClientSecret(clientSecret, textField(json, "tenantId"), textField(json, "clientId"));
    }

    private static String textField(final JsonNode json, final String name) {
        final JsonNode node = json.get(name);
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText().strip();
    }

    private static SignInFailure malformed(final String secretId) {
        return SignInFailure.of(Category.INVALID_SETTING, String.format(
            "Secret '%s' looks like JSON but has no non-empty string \"clientSecret\": store "
                + "{\"clientSecret\": \"...\"} (optionally with tenantId and clientId) or the client secret alone.",
            SafeText.of(secretId)));
    }

    @Override
    public String toString() {
        return "ClientSecret[tenant " + tenantId + ", client " + clientId + "]";
    }
}
