package io.cfnazure.blobstorage.container.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.util.HttpClientOptions;
import java.time.Duration;

/**
 * The one HTTP client of the handlers, java.net.http, for Azure Storage, Azure Resource Manager and Entra ID alike.
 * Each call's own time limit comes from the invocation's deadline. A class of its own, so that the account type, which
 * leaves the Blob Storage client out, uses it without loading that client.
 */
public final class AzureHttpClient {

    public static final HttpClient SHARED = HttpClient.createDefault(new HttpClientOptions()
        .setConnectTimeout(Duration.ofSeconds(5))
        .setResponseTimeout(Duration.ofSeconds(20)));

    private AzureHttpClient() {
    }
}
