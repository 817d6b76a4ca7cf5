package io.cfnazure.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a container lives: account, container and cloud. Its URL, {@code https://{account}.blob.{cloud suffix}/
 * {container}}, is the container type's primary identifier and the copy service's CONTAINER_URL. Only names that
 * follow Azure's rules make an address, so an account name is never anything but a host name's first label.
 */
public record ContainerAddress(String accountName, String containerName, AzureCloud cloud) {

    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** @throws IllegalArgumentException when a name breaks Azure's rules: callers check them first, in their terms */
    public ContainerAddress {
        if (!isValidAccountName(accountName) || !isValidContainerName(containerName)) {
            throw new IllegalArgumentException("not a valid Azure storage account or container name");
        }
    }

    /** Azure's rule for storage account names: 3-24 lowercase letters and digits. */
    public static boolean isValidAccountName(final String name) {
        return name != null && ACCOUNT.matcher(name).matches();
    }

    /** Azure's rule for container names: 3-63 lowercase letters, digits and single hyphens, not at either end. */
    public static boolean isValidContainerName(final String name) {
        return name != null && name.length() >= 3 && name.length() <= 63 && CONTAINER.matcher(name).matches();
    }

    public String url() {
        return "https://" + cloud.blobHost(accountName) + "/" + containerName;
    }

    /** A container URL read back; empty for anything but a container URL of a known Azure cloud. */
    public static Optional<ContainerAddress> fromUrl(final String url) {
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
        if (cloud.isEmpty() || !isValidAccountName(account) || !isValidContainerName(container)) {
            return Optional.empty();
        }
        return Optional.of(new ContainerAddress(account, container, cloud.get()));
    }
}
