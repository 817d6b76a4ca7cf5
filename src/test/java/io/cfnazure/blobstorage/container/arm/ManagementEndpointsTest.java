package io.cfnazure.blobstorage.container.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.InMemoryHttpResponse;
import io.cfnazure.access.calls.Deadline;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Where management requests go, per cloud and under the test-only override, and the scope of their tokens. */
class ManagementEndpointsTest {

    private static final String OVERRIDE = "cfnazure.test.resourceManagerEndpoint";

    private final List<URL> sentTo = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final HttpClient recording = request -> {
        sentTo.add(request.getUrl());
        authorizations.add(request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION));
        return Mono.just(notFound(request));
    };

    @AfterEach
    void clearTheOverride() {
        System.clearProperty(OVERRIDE);
    }

    private void readAnAccountIn(final AzureCloud cloud) {
        final ArmClients.Access access = new ArmClients.Access("123456789012", cloud, "t", "c",
            ArmHttpEdge.SUBSCRIPTION);
        final AccountId id = new AccountId(ArmHttpEdge.SUBSCRIPTION, "dr-rg", "drcopies01");
        new ArmCalls(Deadline.in(Clock.systemUTC(), Duration.ofSeconds(20)), (answer, subject, cause) -> null)
            .call(new ArmFailures.Subject(id.subscriptionId(), id.resourceGroup(), id.accountName(), null, "c", "t",
                "StorageAccountId"), ArmCalls.absentOn404(new ArmClients(recording)
                .management(access, new AccessToken("management-token", OffsetDateTime.now().plusHours(1)))
                .storage().getStorageAccounts()
                .getByResourceGroupWithResponseAsync(id.resourceGroup(), id.accountName(), null)
                .map(response -> Optional.of(response.getValue()))));
    }

    /** azure-access names each cloud's management scope; azure-core-management knows where requests go. */
    @Test
    void tokensAreForTheResourceManagerEachCloudsRequestsGoTo() {
        for (final AzureCloud cloud : AzureCloud.values()) {
            assertThat(cloud.managementScope()).as(cloud.name())
                .isEqualTo(ManagementEndpoints.environment(cloud).getResourceManagerEndpoint() + ".default");
        }
    }

    @Test
    void requestsGoToTheCloudsResourceManagerWithTheInvocationsToken() {
        readAnAccountIn(AzureCloud.AZURE_US_GOVERNMENT);

        assertThat(sentTo).extracting(URL::getHost).containsOnly("management.usgovcloudapi.net");
        assertThat(authorizations).containsOnly("Bearer management-token");
    }

    @Test
    void theTestOnlySettingRedirectsRequestsAndLeavesTheScopeAlone() {
        System.setProperty(OVERRIDE, "https://127.0.0.1:8443");

        readAnAccountIn(AzureCloud.AZURE_PUBLIC_CLOUD);

        assertThat(sentTo).isNotEmpty().allSatisfy(url -> {
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            assertThat(url.getPort()).isEqualTo(8443);
            assertThat(url.getPath()).startsWith("/subscriptions/" + ArmHttpEdge.SUBSCRIPTION + "/");
        });
        assertThat(AzureCloud.AZURE_PUBLIC_CLOUD.managementScope()).isEqualTo("https://management.azure.com/.default");
    }

    private static InMemoryHttpResponse notFound(final HttpRequest request) {
        return new InMemoryHttpResponse(request, 404, new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE,
            "application/json"), "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"Not found.\"}}");
    }
}
