package io.cfnazure.blobstorage.container.azure;

import io.cfnazure.access.AzureCloud;

import io.cfnazure.access.calls.SafeText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/**
 * Where a container lives: account, container and cloud, validated. Its URL,
 * {@code https://{account}.blob.{cloud suffix}/{container}}, is the resource's primary identifier.
 */
public record ContainerAddress(String accountName, String containerName, AzureCloud cloud) {

    public ContainerAddress {
        AzureNamingRules.requireAccountName(accountName);
        AzureNamingRules.requireContainerName(containerName);
    }

    public String url() {
        return "https://" + cloud.blobHost(accountName) + "/" + containerName;
    }

    /** Reads a primary identifier back; anything but a container URL of a known Azure cloud is refused. */
    public static ContainerAddress fromUrl(final String url) {
        return parse(url).orElseThrow(() -> new CfnInvalidRequestException(String.format(
            "ContainerUrl '%s' is not an Azure container URL: expected https://{account}.blob.{%s}/{container}.",
            SafeText.of(url), "core.windows.net|core.chinacloudapi.cn|core.usgovcloudapi.net")));
    }

    private static Optional<ContainerAddress> parse(final String url) {
        if (url == null) {
            return Optional.empty();
        }
        final URI uri;
        try {
            uri = new URI(url);
        } catch (final URISyntaxException e) {
            return Optional.empty();
        }
        final String host = uri.getHost();
        final String path = uri.getPath();
        if (!"https".equals(uri.getScheme()) || host == null || uri.getPort() != -1 || uri.getUserInfo() != null
            || uri.getQuery() != null || uri.getFragment() != null || path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        final int blob = host.indexOf(".blob.");
        if (blob < 0) {
            return Optional.empty();
        }
        final String account = host.substring(0, blob);
        final String container = path.substring(1);
        final Optional<AzureCloud> cloud = AzureCloud.fromBlobHostSuffix(host.substring(blob + ".blob.".length()));
        if (cloud.isEmpty() || !AzureNamingRules.isValidAccountName(account)
            || !AzureNamingRules.isValidContainerName(container)) {
            return Optional.empty();
        }
        return Optional.of(new ContainerAddress(account, container, cloud.get()));
    }
}
