package dnnc.compiler.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client that speaks JSON-RPC to the server as an editor does: Content-Length framed JSON over two streams.
 * Requests wait for their response; notifications from the server are kept in arrival order.
 */
final class LspClient implements AutoCloseable {
    private static final Gson GSON = new Gson();
    private final OutputStream toServer;
    private final BlockingQueue<JsonObject> fromServer = new LinkedBlockingQueue<>();
    private final List<JsonObject> notifications = new ArrayList<>();
    private int nextId = 1;
    private final Thread server;
    volatile int exitCode = -1;
    private volatile IOException readError;

    /** Starts the server in this JVM, on in-memory pipes. */
    LspClient() throws IOException {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        InputStream serverIn = Channels.newInputStream(in.source());
        OutputStream serverOut = Channels.newOutputStream(out.sink());
        server = new Thread(() -> {
            exitCode = DnnLanguageServer.serve(serverIn, serverOut);
            try {
                serverOut.close();
            } catch (IOException e) {
                // the reader sees the end either way
            }
        }, "dnnc-lsp");
        server.setDaemon(true);
        server.start();
        toServer = Channels.newOutputStream(in.sink());
        startReader(Channels.newInputStream(out.source()));
    }

    /** Talks to a server running in another process. */
    LspClient(OutputStream toServer, InputStream fromServer) {
        this.toServer = toServer;
        this.server = null;
        startReader(fromServer);
    }

    private void startReader(InputStream in) {
        Thread reader = new Thread(() -> {
            try {
                JsonObject m;
                while ((m = read(in)) != null) {
                    fromServer.add(m);
                }
            } catch (IOException e) {
                readError = e;
            }
        }, "lsp-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** One framed message, or null at the end of the stream. */
    static JsonObject read(InputStream in) throws IOException {
        int length = -1;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                String header = line.toString().trim();
                line.setLength(0);
                if (header.isEmpty()) {
                    break;
                }
                if (!header.matches("[A-Za-z-]+: .*")) {
                    throw new IOException("not a protocol header: " + header);
                }
                if (header.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring("content-length:".length()).trim());
                }
            } else {
                line.append((char) c);
            }
        }
        if (length < 0) {
            throw new IOException("a message without Content-Length");
        }
        byte[] body = in.readNBytes(length);
        return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private void send(JsonObject message) throws IOException {
        byte[] body = GSON.toJson(message).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        frame.write(body);
        toServer.write(frame.toByteArray());
        toServer.flush();
    }

    /** Sends a request and returns its result (JsonNull for null); fails on an error response. */
    JsonElement request(String method, Object params) throws Exception {
        int id = nextId++;
        JsonObject m = new JsonObject();
        m.addProperty("jsonrpc", "2.0");
        m.addProperty("id", id);
        m.addProperty("method", method);
        m.add("params", GSON.toJsonTree(params));
        send(m);
        while (true) {
            JsonObject answer = next();
            if (answer.has("id") && answer.get("id").getAsInt() == id && !answer.has("method")) {
                if (answer.has("error")) {
                    throw new AssertionError(method + " failed: " + answer.get("error"));
                }
                return answer.get("result");
            }
            notifications.add(answer);
        }
    }

    void notify(String method, Object params) throws IOException {
        JsonObject m = new JsonObject();
        m.addProperty("jsonrpc", "2.0");
        m.addProperty("method", method);
        if (params != null) {
            m.add("params", GSON.toJsonTree(params));
        }
        send(m);
    }

    /** The next notification with this method (kept ones first), waiting for it. */
    JsonObject awaitNotification(String method) throws Exception {
        for (int i = 0; i < notifications.size(); i++) {
            if (method.equals(notifications.get(i).get("method").getAsString())) {
                return notifications.remove(i).getAsJsonObject("params");
            }
        }
        while (true) {
            JsonObject m = next();
            if (method.equals(m.has("method") ? m.get("method").getAsString() : null)) {
                return m.getAsJsonObject("params");
            }
            notifications.add(m);
        }
    }

    private JsonObject next() throws InterruptedException {
        JsonObject m = fromServer.poll(30, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError(readError != null ? "unreadable output from the server: " + readError.getMessage()
                    : "no message from the server within 30 s");
        }
        return m;
    }

    /** Shutdown then exit, and the server's exit code. */
    int shutdown() throws Exception {
        request("shutdown", null);
        notify("exit", null);
        if (server != null) {
            server.join(10_000);
        }
        return exitCode;
    }

    @Override
    public void close() throws IOException {
        toServer.close();
    }
}
