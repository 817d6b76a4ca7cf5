package io.cfnazure.localcloud;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.cfnazure.localcloud.AzureFaultProxy.Exchange;
import io.cfnazure.localcloud.AzureFaultProxy.Reply;
import io.cfnazure.localcloud.AzureFaultProxy.Upstream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Azure blob versions on Azurite's blob snapshots, for the accounts whose blob service keeps versions in the Azure
 * Resource Manager stand-in. Hand-written because no emulator has them: Azurite 3.37 ignores {@code include=versions}
 * and {@code versionid=} (it answers with the current blob) and returns no {@code x-ms-version-id}.
 * <p>
 * A version is a snapshot taken right after each write (Put Blob, Put Block List, Copy Blob, Set Blob Metadata), so
 * its version ID is the snapshot's timestamp, which has the version ID's format; the current version is the latest
 * snapshot while the blob exists and still has that snapshot's ETag. Content written behind the proxy's back (or
 * before versioning) is snapshotted before it is overwritten or deleted, as Azure then keeps it as a version.
 * Deleting the blob keeps its versions: Azurite cannot delete a blob and keep its snapshots, so the blob stays in
 * Azurite marked with the metadata {@link #DELETED_MARKER}, and the proxy answers for it as Azure does (404, left out
 * of listings) until it is written again. With version-level immutability, deleting a version that its container's
 * default retention policy or a legal hold protects is refused as Azure refuses it.
 */
final class BlobVersions {

    /** Metadata of a blob that was deleted but whose versions remain; never shown to clients. */
    static final String DELETED_MARKER = "localcloudcurrentversiondeleted";
    private static final String DELETED_MARKER_HEADER = "x-ms-meta-" + DELETED_MARKER;
    /** List Blobs' default and largest page. */
    private static final int MAX_RESULTS = 5000;
    /** RFC 1123 with a two-digit day, as Azure writes it (the SDK refuses {@code Mon, 7 Dec}). */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
        Locale.ROOT).withZone(ZoneOffset.UTC);

    private final AzuriteProcess azurite;
    private final AzureResourceManagerStandIn resourceManager;
    /** One write or delete at a time per blob, so a version is the snapshot of its own write. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    BlobVersions(final AzuriteProcess azurite, final AzureResourceManagerStandIn resourceManager) {
        this.azurite = azurite;
        this.resourceManager = resourceManager;
    }

    /** Answers the request as Azure does for an account with versioning, or passes it on when there is none. */
    Reply serve(final Exchange request, final Upstream upstream) throws IOException {
        final String[] path = request.path().split("/", 4);
        if (path.length < 3 || path[2].isEmpty()) {
            return upstream.send(request);
        }
        final BlobVersioning versioning = resourceManager.blobVersioning(path[1], decode(path[2]));
        if (versioning == null) {
            return upstream.send(request);
        }
        final Query query = Query.parse(request.query());
        if (path.length == 3) {
            return "GET".equals(request.method()) && "list".equals(query.get("comp"))
                && "container".equals(query.get("restype"))
                ? listBlobs(request, query, upstream) : upstream.send(request);
        }
        final Target target = new Target(path[1], decode(path[2]), decode(path[3]), versioning);
        final String versionId = query.get("versionid");
        final String comp = query.get("comp");
        if ("legalhold".equals(comp) && "PUT".equals(request.method())) {
            return setLegalHold(request, query, target, versionId, upstream);
        }
        if (versionId != null) {
            return "DELETE".equals(request.method()) && comp == null
                ? deleteVersion(request, query, target, versionId, upstream)
                : readVersion(request, query, target, versionId, upstream);
        }
        final boolean write = "PUT".equals(request.method())
            && (comp == null || "blocklist".equals(comp) || "metadata".equals(comp));
        if (write) {
            return write(request, target, "metadata".equals(comp), upstream);
        }
        if ("DELETE".equals(request.method()) && comp == null) {
            return deleteCurrentVersion(request, target, upstream);
        }
        if ("GET".equals(request.method()) || "HEAD".equals(request.method())) {
            return readCurrentVersion(request, target, comp == null, upstream);
        }
        return upstream.send(request);
    }

    // ---- writes ----

    private Reply write(final Exchange request, final Target target, final boolean metadataOnly,
                        final Upstream upstream) throws IOException {
        final String copySource = request.header("x-ms-copy-source");
        if (copySource != null && copySource.toLowerCase(Locale.ROOT).contains("versionid=")) {
            // Azurite would copy the source's current content instead.
            return Reply.of(AzureFaultProxy.azureError(501, "APINotImplemented", "The local cloud does not emulate "
                + "copying from a blob version (x-ms-copy-source with versionid)."));
        }
        synchronized (lock(target)) {
            final History before = history(target);
            Exchange write = request;
            if (metadataOnly) {
                if (!before.exists()) {
                    return blobNotFound();
                }
                // Set Blob Metadata is among what a protected version refuses.
                final String refusal = before.currentVersionId() == null ? null
                    : target.versioning().refusal(target.blob(), before.currentVersionId(), Instant.now());
                if (refusal != null) {
                    return immutable(refusal);
                }
            } else if (!before.exists() && before.base() != null && "*".equals(request.header("If-None-Match"))) {
                // The deleted blob is still in Azurite; for Azure there is none, so the condition holds.
                final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                headers.putAll(request.headers());
                headers.remove("If-None-Match");
                write = new Exchange(request.method(), request.path(), request.query(), headers, request.body());
            }
            keepUnversionedContent(target, before);
            final Reply reply = upstream.send(write);
            if (!reply.succeeded()) {
                return reply;
            }
            return reply.withHeader("x-ms-version-id", blob(target).createSnapshot().getSnapshotId());
        }
    }

    /** Content without a version of its own (written behind the proxy, or before versioning) becomes one first. */
    private void keepUnversionedContent(final Target target, final History history) {
        if (history.exists() && history.currentVersionId() == null) {
            blob(target).createSnapshot();
        }
    }

    // ---- deletes ----

    /** Delete Blob without a version: the current version becomes a previous one, all versions remain. */
    private Reply deleteCurrentVersion(final Exchange request, final Target target, final Upstream upstream)
        throws IOException {
        synchronized (lock(target)) {
            final Reply authorized = authorize(request, null, upstream);
            if (!authorized.succeeded()) {
                return authorized.status() == 404 ? blobNotFound() : authorized;
            }
            final History history = history(target);
            if (!history.exists()) {
                return blobNotFound();
            }
            keepUnversionedContent(target, history);
            blob(target).setMetadata(Map.of(DELETED_MARKER, "true"));
            return accepted(authorized);
        }
    }

    private Reply deleteVersion(final Exchange request, final Query query, final Target target,
                                final String versionId, final Upstream upstream) throws IOException {
        synchronized (lock(target)) {
            // Azure answers for the caller's credentials and the version's existence before its protection.
            final Reply authorized = authorize(request, query.versionAsSnapshot(), upstream);
            if (!authorized.succeeded()) {
                return authorized.status() == 404 ? blobNotFound() : authorized;
            }
            final String refusal = target.versioning().refusal(target.blob(), versionId, Instant.now());
            if (refusal != null) {
                return immutable(refusal);
            }
            final History before = history(target);
            final Reply reply = upstream.send(derive(request, request.method(), query.versionAsSnapshot()));
            if (!reply.succeeded()) {
                return reply;
            }
            if (versionId.equals(before.currentVersionId())) {
                // Deleting the current version by its ID leaves the blob without one, as deleting the blob does.
                blob(target).setMetadata(Map.of(DELETED_MARKER, "true"));
            }
            final History after = history(target);
            if (!after.exists() && after.versions().isEmpty() && after.base() != null) {
                blob(target).deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, null);
            }
            return reply;
        }
    }

    // ---- reads ----

    private Reply readCurrentVersion(final Exchange request, final Target target, final boolean blobItself,
                                     final Upstream upstream) throws IOException {
        final Reply reply = upstream.send(request);
        if (!reply.succeeded()) {
            return reply;
        }
        if (reply.header(DELETED_MARKER_HEADER) != null) {
            return blobNotFound();
        }
        if (!blobItself) {
            return reply;
        }
        final String versionId = history(target).currentVersionId();
        return versionId == null ? reply
            : withImmutability(reply.withHeader("x-ms-version-id", versionId)
                .withHeader("x-ms-is-current-version", "true"), target, versionId);
    }

    private Reply readVersion(final Exchange request, final Query query, final Target target, final String versionId,
                              final Upstream upstream) throws IOException {
        final Reply reply = upstream.send(derive(request, request.method(), query.versionAsSnapshot()));
        if (!reply.succeeded()) {
            return reply;
        }
        Reply version = reply.withHeader("x-ms-version-id", versionId);
        if (versionId.equals(history(target).currentVersionId())) {
            version = version.withHeader("x-ms-is-current-version", "true");
        }
        return withImmutability(version, target, versionId);
    }

    /** Get Blob Properties shows a version's retention and legal hold. */
    private static Reply withImmutability(final Reply reply, final Target target, final String versionId) {
        if (!target.versioning().versionLevelImmutability()) {
            return reply;
        }
        Reply shown = reply.withHeader("x-ms-legal-hold",
            String.valueOf(target.versioning().legalHold(target.blob(), versionId)));
        final Instant until = target.versioning().retainedUntil(versionId);
        if (until != null) {
            shown = shown.withHeader("x-ms-immutability-policy-until-date", HTTP_DATE.format(until))
                .withHeader("x-ms-immutability-policy-mode",
                    target.versioning().retentionLocked() ? "locked" : "unlocked");
        }
        return shown;
    }

    // ---- legal holds ----

    /** Set Blob Legal Hold, on a version or the current one: only with version-level immutability, as in Azure. */
    private Reply setLegalHold(final Exchange request, final Query query, final Target target, final String versionId,
                               final Upstream upstream) throws IOException {
        if (!target.versioning().versionLevelImmutability()) {
            // Azure documents no code for this refusal: the blob service's generic one for an unsupported case.
            return Reply.of(AzureFaultProxy.azureError(409, "BlobOperationNotSupported", "The operation is not "
                + "supported in this scenario: legal holds on blobs need a container with version-level "
                + "immutability."));
        }
        final String hold = request.header("x-ms-legal-hold");
        if (!"true".equalsIgnoreCase(hold) && !"false".equalsIgnoreCase(hold)) {
            return Reply.of(AzureFaultProxy.azureError(400, "MissingRequiredHeader",
                "An HTTP header that's mandatory for this request is not specified."));
        }
        final Reply authorized = authorize(request, versionId == null ? null : query.versionAsSnapshot(), upstream);
        if (!authorized.succeeded()) {
            return authorized.status() == 404 ? blobNotFound() : authorized;
        }
        final String version = versionId != null ? versionId : history(target).currentVersionId();
        if (version == null || authorized.header(DELETED_MARKER_HEADER) != null) {
            return blobNotFound();
        }
        resourceManager.versionLegalHold(target.account(), target.container(), target.blob(), version,
            Boolean.parseBoolean(hold.toLowerCase(Locale.ROOT)));
        return new Reply(200, ownHeaders(authorized), new byte[0]).withHeader("x-ms-legal-hold",
            hold.toLowerCase(Locale.ROOT));
    }

    // ---- List Blobs ----

    /**
     * List Blobs as Azure answers for an account with versions: deleted blobs are left out, metadata is shown only
     * when asked for, and with {@code include=versions} each snapshot is a version, oldest first, the current one
     * flagged. Azurite lists a blob's snapshots newest first and may cut them over pages, so for versions the proxy
     * reads Azurite's whole listing and pages it itself, its marker naming the last entry given.
     */
    private Reply listBlobs(final Exchange request, final Query query, final Upstream upstream) throws IOException {
        final Set<String> include = new LinkedHashSet<>(query.list("include"));
        final boolean versions = include.remove("versions");
        final boolean metadata = include.contains("metadata");
        // Snapshots are how versions are kept here: a client's own snapshots are not emulated with versioning.
        include.remove("snapshots");
        include.add("metadata");
        if (versions) {
            include.add("snapshots");
        }
        final String upstreamQuery = query.with("include", String.join(",", include));
        if (!versions) {
            final Reply reply = upstream.send(derive(request, "GET", upstreamQuery));
            if (!reply.succeeded()) {
                return reply;
            }
            final Document page = parse(reply.body());
            final Element blobs = child(page.getDocumentElement(), "Blobs");
            if (blobs != null) {
                for (final Element entry : children(blobs, "Blob")) {
                    if (History.of(List.of(entry)).exists()) {
                        showMetadata(entry, metadata);
                    } else {
                        blobs.removeChild(entry);
                    }
                }
            }
            return reply.withBody(serialize(page));
        }
        final Query whole = Query.parse(Query.parse(upstreamQuery).with("maxresults", ""));
        Document document = null;
        Reply first = null;
        final List<Element> entries = new ArrayList<>();
        String marker = "";
        do {
            final Reply reply = upstream.send(derive(request, "GET", whole.with("marker", marker)));
            if (!reply.succeeded()) {
                return reply;
            }
            final Document page = parse(reply.body());
            if (document == null) {
                document = page;
                first = reply;
            }
            final Element blobs = child(page.getDocumentElement(), "Blobs");
            for (Node node = blobs == null ? null : blobs.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element) {
                    entries.add((Element) document.importNode(element, true));
                }
            }
            marker = Objects.requireNonNullElse(text(page.getDocumentElement(), "NextMarker"), "");
        } while (!marker.isEmpty());
        final List<Element> listed = versionsListing(document, entries, metadata);
        return first.withBody(serialize(page(document, listed, query)));
    }

    /** The entries of a whole listing as Azure lists versions: by name, each blob's versions oldest first. */
    private static List<Element> versionsListing(final Document document, final List<Element> entries,
                                                 final boolean metadata) {
        final Map<String, List<Element>> byName = new LinkedHashMap<>();
        for (final Element entry : entries) {
            byName.computeIfAbsent(entry.getTagName() + "\n" + text(entry, "Name"), name -> new ArrayList<>())
                .add(entry);
        }
        final List<Element> listed = new ArrayList<>();
        for (final List<Element> group : byName.values()) {
            if (!"Blob".equals(group.get(0).getTagName())) {
                listed.addAll(group);
                continue;
            }
            final History history = History.of(group);
            group.sort(Comparator.comparing(entry -> Objects.requireNonNullElse(text(entry, "Snapshot"), "")));
            for (final Element entry : group) {
                final String snapshot = text(entry, "Snapshot");
                if (snapshot == null) {
                    // Content without a version is listed as the blob; otherwise its current version stands for it.
                    if (!history.exists() || history.currentVersionId() != null) {
                        continue;
                    }
                } else {
                    final Element name = child(entry, "Name");
                    entry.removeChild(child(entry, "Snapshot"));
                    final Node after = name.getNextSibling();
                    entry.insertBefore(element(document, "VersionId", snapshot), after);
                    if (snapshot.equals(history.currentVersionId())) {
                        entry.insertBefore(element(document, "IsCurrentVersion", "true"), after);
                    }
                }
                showMetadata(entry, metadata);
                listed.add(entry);
            }
        }
        return listed;
    }

    /** The page after the client's marker, at most its maxresults long, with the marker of the next one. */
    private static Document page(final Document document, final List<Element> listed, final Query query) {
        final String marker = Objects.requireNonNullElse(query.get("marker"), "");
        final int maxResults = query.get("maxresults") == null ? MAX_RESULTS : Integer.parseInt(query.get("maxresults"));
        int start = 0;
        if (!marker.isEmpty()) {
            while (start < listed.size() && !entryKey(listed.get(start)).equals(marker)) {
                start++;
            }
            start++;
        }
        final int end = Math.min(listed.size(), start + maxResults);
        final Element root = document.getDocumentElement();
        Element blobs = child(root, "Blobs");
        if (blobs == null) {
            blobs = document.createElement("Blobs");
            root.appendChild(blobs);
        }
        while (blobs.getFirstChild() != null) {
            blobs.removeChild(blobs.getFirstChild());
        }
        listed.subList(Math.min(start, end), end).forEach(blobs::appendChild);
        setText(document, root, "Marker", marker);
        setText(document, root, "NextMarker", end < listed.size() ? entryKey(listed.get(end - 1)) : "");
        return document;
    }

    private static String entryKey(final Element entry) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((entry.getTagName() + "\n"
            + text(entry, "Name") + "\n" + Objects.requireNonNullElse(text(entry, "VersionId"), ""))
            .getBytes(StandardCharsets.UTF_8));
    }

    private static void setText(final Document document, final Element root, final String name, final String text) {
        Element element = child(root, name);
        if (element == null) {
            element = document.createElement(name);
            root.appendChild(element);
        }
        element.setTextContent(text);
    }

    /** The marker of deleted blobs is never shown, and metadata only when asked for. */
    private static void showMetadata(final Element entry, final boolean asked) {
        final Element metadata = child(entry, "Metadata");
        if (metadata == null) {
            return;
        }
        final Element marker = child(metadata, DELETED_MARKER);
        if (!asked) {
            entry.removeChild(metadata);
        } else if (marker != null) {
            metadata.removeChild(marker);
        }
    }

    // ---- Azurite's view of one blob ----

    /** A blob in Azurite: the blob itself (null when absent) and its snapshots, oldest first. */
    record History(Entry base, List<Entry> versions) {

        /** A blob or snapshot: its snapshot timestamp (null for the blob), ETag and whether it is marked deleted. */
        record Entry(String snapshot, String etag, boolean deleted) {
        }

        static History of(final List<Element> entries) {
            Entry base = null;
            final List<Entry> versions = new ArrayList<>();
            for (final Element element : entries) {
                final Element metadata = child(element, "Metadata");
                final Entry entry = new Entry(text(element, "Snapshot"), text(child(element, "Properties"), "Etag"),
                    metadata != null && child(metadata, DELETED_MARKER) != null);
                if (entry.snapshot() == null) {
                    base = entry;
                } else {
                    versions.add(entry);
                }
            }
            versions.sort(Comparator.comparing(Entry::snapshot));
            return new History(base, versions);
        }

        /** Whether the blob exists for Azure (it has a current version). */
        boolean exists() {
            return base != null && !base.deleted();
        }

        /** The current version's ID; null when the blob does not exist or its content has no version yet. */
        String currentVersionId() {
            if (!exists() || versions.isEmpty()) {
                return null;
            }
            final Entry latest = versions.get(versions.size() - 1);
            return Objects.equals(unquote(latest.etag()), unquote(base.etag())) ? latest.snapshot() : null;
        }
    }

    private History history(final Target target) {
        return history(blob(target));
    }

    private static History history(final BlobClient blob) {
        History.Entry base = null;
        final List<History.Entry> versions = new ArrayList<>();
        final ListBlobsOptions options = new ListBlobsOptions().setPrefix(blob.getBlobName())
            .setDetails(new BlobListDetails().setRetrieveSnapshots(true).setRetrieveMetadata(true));
        final BlobContainerClient container = blob.getContainerClient();
        for (final BlobItem item : container.listBlobs(options, null)) {
            if (!item.getName().equals(blob.getBlobName())) {
                continue;
            }
            final History.Entry entry = new History.Entry(item.getSnapshot(), item.getProperties().getETag(),
                item.getMetadata() != null && item.getMetadata().containsKey(DELETED_MARKER));
            if (entry.snapshot() == null) {
                base = entry;
            } else {
                versions.add(entry);
            }
        }
        versions.sort(Comparator.comparing(History.Entry::snapshot));
        return new History(base, versions);
    }

    private BlobClient blob(final Target target) {
        return container(target.account(), target.container()).getBlobClient(target.blob());
    }

    /** The proxy's own client, with the account key, for the snapshots and listings it needs besides the caller's. */
    private BlobContainerClient container(final String account, final String container) {
        return azurite.serviceClient(account).getBlobContainerClient(container);
    }

    private Object lock(final Target target) {
        return locks.computeIfAbsent(target.account() + "/" + target.container() + "/" + target.blob(),
            key -> new Object());
    }

    /**
     * What the proxy does with its own key happens only for a caller Azurite accepts: the caller's request, as Get
     * Blob Properties of the blob (or of the version's snapshot), must succeed first.
     */
    private Reply authorize(final Exchange request, final String query, final Upstream upstream) throws IOException {
        return upstream.send(derive(request, "HEAD", query));
    }

    /**
     * A request the proxy derives from the caller's (another method or query) with the caller's credentials: a bearer
     * token or a SAS as they are; a Shared Key signature, which covers the method and the query, made again with the
     * account key when the caller's own signature was right (else left wrong, for Azurite to refuse).
     */
    private Exchange derive(final Exchange request, final String method, final String query) {
        final Exchange derived = request.with(method, query);
        final String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("SharedKey ")) {
            return derived;
        }
        final String account = request.path().split("/", 3)[1];
        final StorageSharedKeyCredential key = new StorageSharedKeyCredential(account, azurite.accountKey(account));
        if (!authorization.equals(signature(key, request))) {
            return derived;
        }
        final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(derived.headers());
        headers.put("Authorization", List.of(signature(key, derived)));
        return new Exchange(derived.method(), derived.path(), derived.query(), headers, derived.body());
    }

    private static String signature(final StorageSharedKeyCredential key, final Exchange request) {
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().forEach((name, values) -> headers.put(name, values.get(0)));
        // As the SDK signs it: "0" for no body (the string to sign then has an empty length).
        headers.put("Content-Length", String.valueOf(request.body().length));
        try {
            return key.generateAuthorizationHeader(new URL("https://127.0.0.1" + request.path()
                + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query())),
                request.method(), headers);
        } catch (final MalformedURLException e) {
            throw new IllegalArgumentException("Not a blob service path: " + request.path(), e);
        }
    }

    // ---- answers ----

    private static Reply blobNotFound() {
        return Reply.of(AzureFaultProxy.azureError(404, "BlobNotFound", "The specified blob does not exist."));
    }

    private static Reply immutable(final String code) {
        return Reply.of(AzureFaultProxy.azureError(409, code, BlobVersioning.IMMUTABLE_DUE_TO_LEGAL_HOLD.equals(code)
            ? "This operation is not permitted as the blob is immutable due to one or more legal holds."
            : "This operation is not permitted as the blob is immutable due to a policy."));
    }

    private static Reply accepted(final Reply like) {
        return new Reply(202, ownHeaders(like), new byte[0]);
    }

    /** The service's headers of an answer (request ID, version, date), without the blob's. */
    private static Map<String, List<String>> ownHeaders(final Reply reply) {
        final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (final String name : List.of("x-ms-request-id", "x-ms-client-request-id", "x-ms-version", "Date",
            "Server")) {
            if (reply.headers().containsKey(name)) {
                headers.put(name, reply.headers().get(name));
            }
        }
        return headers;
    }

    // ---- XML ----

    private static Document parse(final byte[] xml) throws IOException {
        try {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (final ParserConfigurationException | SAXException e) {
            throw new IOException("Azurite's listing is not XML", e);
        }
    }

    private static byte[] serialize(final Document document) throws IOException {
        try {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (final TransformerException e) {
            throw new IOException("Cannot write the listing", e);
        }
    }

    private static List<Element> children(final Element parent, final String name) {
        final List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getTagName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static Element child(final Element parent, final String name) {
        if (parent == null) {
            return null;
        }
        final List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(final Element parent, final String name) {
        final Element element = child(parent, name);
        return element == null ? null : element.getTextContent();
    }

    private static Element element(final Document document, final String name, final String text) {
        final Element element = document.createElement(name);
        element.setTextContent(text);
        return element;
    }

    private static String unquote(final String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static String decode(final String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A blob of an account with versioning, and what ARM says its container must honour. */
    private record Target(String account, String container, String blob, BlobVersioning versioning) {
    }

    /** A raw query string, its parameters decoded for reading, rewritten without touching the others. */
    private record Query(List<String> rawParameters) {

        static Query parse(final String raw) {
            return new Query(raw == null || raw.isEmpty() ? List.of() : Arrays.asList(raw.split("&")));
        }

        String get(final String name) {
            return rawParameters.stream()
                .filter(parameter -> parameter.split("=", 2)[0].equalsIgnoreCase(name))
                .map(parameter -> parameter.contains("=") ? decode(parameter.split("=", 2)[1]) : "")
                .findFirst().orElse(null);
        }

        List<String> list(final String name) {
            final String value = get(name);
            return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
        }

        /** The query with a version ID as Azurite's snapshot of it. */
        String versionAsSnapshot() {
            return rawParameters.stream()
                .map(parameter -> parameter.regionMatches(true, 0, "versionid=", 0, "versionid=".length())
                    ? "snapshot=" + parameter.substring("versionid=".length()) : parameter)
                .collect(Collectors.joining("&"));
        }

        String with(final String name, final String value) {
            final List<String> parameters = new ArrayList<>();
            rawParameters.stream().filter(parameter -> !parameter.split("=", 2)[0].equalsIgnoreCase(name))
                .forEach(parameters::add);
            if (!value.isEmpty()) {
                parameters.add(name + "=" + value);
            }
            return String.join("&", parameters);
        }
    }
}
