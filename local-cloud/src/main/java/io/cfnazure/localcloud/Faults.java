package io.cfnazure.localcloud;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A cloud service's bad days, played on request by a stand-in or the Azure proxy before it serves a request: answers
 * that are slow, never come, or are throttling, failing or unreadable pages. Tests scope a fault to their own
 * requests (a tenant in the path, a secret name in the body), because the local cloud is shared.
 */
public final class Faults {

    /** What a fault sees of a request. The body is read once and handed on unchanged. */
    public record Request(String method, String path, String query, String body) {
    }

    /** A response the fault gives instead of the service. */
    public record Answer(int status, String contentType, Map<String, String> headers, String body) {

        public static Answer json(final int status, final String body) {
            return new Answer(status, "application/json", Map.of(), body);
        }

        public Answer withHeader(final String name, final String value) {
            final java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, Map.copyOf(more), body);
        }
    }

    /**
     * The first matching rule plays, after letting {@code passFirst} matching requests through; {@code remaining}
     * counts down, below zero it never runs out.
     */
    private record Rule(Predicate<Request> matches, AtomicInteger passFirst, AtomicInteger remaining, Duration delay,
                        Answer answer) {
        boolean take(final Request request) {
            if (!matches.test(request) || passFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return false;
            }
            return remaining.get() < 0 || remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger played = new AtomicInteger();
    /** Released by {@link #clear()}: requests held by a delay are served at once. */
    private final AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(1));

    /** Every matching request waits {@code delay} (until {@link #clear()}), then is served as usual. */
    public Faults delay(final Predicate<Request> matches, final Duration delay) {
        rules.add(new Rule(matches, new AtomicInteger(0), new AtomicInteger(-1), delay, null));
        return this;
    }

    /** The next {@code times} matching requests get {@code answer}; {@code times} below zero: all of them. */
    public Faults answer(final Predicate<Request> matches, final int times, final Answer answer) {
        return answer(matches, 0, times, answer);
    }

    /** Like {@link #answer(Predicate, int, Answer)}, once {@code passFirst} matching requests went through. */
    public Faults answer(final Predicate<Request> matches, final int passFirst, final int times, final Answer answer) {
        rules.add(new Rule(matches, new AtomicInteger(passFirst), new AtomicInteger(times), Duration.ZERO, answer));
        return this;
    }

    /** Ends every fault and lets held requests go. */
    public void clear() {
        rules.clear();
        release.getAndSet(new CountDownLatch(1)).countDown();
    }

    /** How many requests a fault has delayed or answered. */
    public int played() {
        return played.get();
    }

    /** Plays the first rule that matches; true when it answered the request itself. */
    boolean play(final HttpExchange exchange) throws IOException {
        if (rules.isEmpty()) {
            return false;
        }
        final byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.setStreams(new ByteArrayInputStream(body), null);
        final Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(), new String(body, StandardCharsets.UTF_8));
        for (final Rule rule : rules) {
            if (rule.take(request)) {
                played.incrementAndGet();
                hold(rule.delay());
                if (rule.answer() == null) {
                    return false;
                }
                send(exchange, rule.answer());
                return true;
            }
        }
        return false;
    }

    private void hold(final Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            release.get().await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(final HttpExchange exchange, final Answer answer) throws IOException {
        final byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(answer.status(), head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
