package io.cfnazure.backup.testbed;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** The JDK's HTTP server on 127.0.0.1 and a free port, on daemon threads, closing each exchange after its handler. */
final class LoopbackServer {

    private LoopbackServer() {
    }

    static HttpServer start(final String threadName, final HttpHandler handler) {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot start " + threadName, e);
        }
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            final Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            try {
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }
}
