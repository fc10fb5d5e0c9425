package dnnc.compiler.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dnnc.compiler.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the language server through the protocol, as an editor would, and checks its answers. */
class LanguageServerTest {
    static final String MODEL = """
            model Net {
                input x: float[784]
                target y: label[10]
                param W: float[256, 10] = he
                h1 = relu(dense(x, 256))
                logits = h1 @ W
                output probs = softmax(logits)
                loss = cross_entropy(logits, y)
                train { optimizer = adam(lr = 1e-3); epochs = 2 }
            }
            """;

    @TempDir
    Path dir;
    LspClient client;

    @BeforeEach
    void start() throws Exception {
        client = new LspClient();
        JsonObject result = client.request("initialize", Map.of("processId", 1, "rootUri", dir.toUri().toString(),
                "capabilities", Map.of())).getAsJsonObject();
        JsonObject caps = result.getAsJsonObject("capabilities");
        assertTrue(caps.get("hoverProvider").getAsBoolean(), caps.toString());
        assertTrue(caps.get("definitionProvider").getAsBoolean(), caps.toString());
        assertTrue(caps.has("completionProvider"), caps.toString());
        assertEquals(1, caps.getAsJsonObject("textDocumentSync").get("change").getAsInt(), "full sync");
        client.notify("initialized", Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        assertEquals(0, client.shutdown(), "exit code after shutdown and exit");
        client.close();
    }

    private String open(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        String uri = file.toUri().toString();
        client.notify("textDocument/didOpen", Map.of("textDocument",
                Map.of("uri", uri, "languageId", "dnn", "version", 1, "text", text)));
        return uri;
    }

    private void change(String uri, int version, String text) throws IOException {
        client.notify("textDocument/didChange", Map.of("textDocument", Map.of("uri", uri, "version", version),
                "contentChanges", List.of(Map.of("text", text))));
    }

    private JsonArray diagnostics(String uri) throws Exception {
        JsonObject p = client.awaitNotification("textDocument/publishDiagnostics");
        assertEquals(uri, p.get("uri").getAsString());
        return p.getAsJsonArray("diagnostics");
    }

    private static Map<String, Object> at(String uri, int line, int character) {
        return Map.of("textDocument", Map.of("uri", uri), "position", Map.of("line", line, "character", character));
    }

    /** The 0-based position of the {@code nth} (0-based) occurrence of {@code word} on the line that contains it. */
    private static int[] find(String text, String word, int nth) {
        String[] lines = text.split("\n", -1);
        int seen = 0;
        for (int l = 0; l < lines.length; l++) {
            Matcher m = Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(lines[l]);
            while (m.find()) {
                if (seen++ == nth) {
                    return new int[] {l, m.start()};
                }
            }
        }
        throw new AssertionError(word + " #" + nth + " not in the text");
    }

    private String hover(String uri, String text, String word, int nth) throws Exception {
        int[] p = find(text, word, nth);
        JsonElement h = client.request("textDocument/hover", at(uri, p[0], p[1] + 1));
        assertFalse(h.isJsonNull(), "no hover on " + word);
        return h.getAsJsonObject().getAsJsonObject("contents").get("value").getAsString();
    }

    private List<JsonObject> complete(String uri, int line, int character) throws Exception {
        JsonElement r = client.request("textDocument/completion", at(uri, line, character));
        JsonArray items = r.isJsonArray() ? r.getAsJsonArray() : r.getAsJsonObject().getAsJsonArray("items");
        List<JsonObject> list = new ArrayList<>();
        items.forEach(i -> list.add(i.getAsJsonObject()));
        return list;
    }

    private static List<String> labels(List<JsonObject> items) {
        return items.stream().map(i -> i.get("label").getAsString()).toList();
    }

    private static JsonObject item(List<JsonObject> items, String label) {
        return items.stream().filter(i -> i.get("label").getAsString().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError(label + " not offered: " + labels(items)));
    }

    /** line:col: severity: message of each diagnostic dnnc check prints for the file. */
    private static List<String> dnncCheck(Path file) {
        StringWriter err = new StringWriter();
        Main.run(new String[] {"check", file.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(file.toString()) + ":(\\d+):(\\d+): (\\w+): (.*)$")
                .matcher(err.toString());
        while (m.find()) {
            found.add(m.group(1) + ":" + m.group(2) + ": " + m.group(3) + ": " + m.group(4));
        }
        return found;
    }

    /** The same, from the published diagnostics (their ranges are 0-based, the text is ASCII). */
    private static List<String> published(JsonArray diagnostics) {
        List<String> found = new ArrayList<>();
        for (JsonElement e : diagnostics) {
            JsonObject d = e.getAsJsonObject();
            JsonObject start = d.getAsJsonObject("range").getAsJsonObject("start");
            String severity = switch (d.get("severity").getAsInt()) {
                case 1 -> "error";
                case 2 -> "warning";
                default -> "note";
            };
            found.add((start.get("line").getAsInt() + 1) + ":" + (start.get("character").getAsInt() + 1) + ": "
                    + severity + ": " + d.get("message").getAsString().split("\n")[0]);
        }
        return found;
    }

    @Test
    void diagnosticsAreThoseOfDnncCheckAtTheSamePositions() throws Exception {
        String[] sources = {
            // shape errors
            """
            model Bad {
                input x: float[3]
                target y: float[1]
                param W: float[4, 1]
                output p = x @ W
                loss = mse(p, y) + mse(q, y)
            }
            """,
            // syntax errors
            """
            model Broken {
                input x: float[3
                h = dense(x, , 4)
            }
            """,
            // unknown names and arguments, settings
            """
            model Names {
                input x: float[2]
                target y: label[2]
                logits = dense(x, 2, bais = false)
                output p = softmax(logit)
                loss = cross_entropy(logits, y)
                train { optimizer = adam(lr = 1e-3, beta = 0.9); epoch = 3 }
            }
            """,
        };
        for (int i = 0; i < sources.length; i++) {
            String uri = open("bad" + i + ".dnn", sources[i]);
            JsonArray published = diagnostics(uri);
            List<String> expected = dnncCheck(dir.resolve("bad" + i + ".dnn"));
            assertFalse(expected.isEmpty(), sources[i]);
            assertEquals(expected, published(published), sources[i]);
            JsonObject first = published.get(0).getAsJsonObject();
            assertEquals("dnnc", first.get("source").getAsString());
        }
    }

    @Test
    void rangesCoverTheSpanAndNotesFollowTheMessage() throws Exception {
        String text = """
                model Bad {
                    input x: float[3]
                    target y: float[1]
                    h = x + y
                    output p = dense(h, 1)
                    loss = mse(p, y) + mse(zz, y)
                }
                """;
        String uri = open("m.dnn", text);
        JsonArray ds = diagnostics(uri);
        JsonObject unknown = null;
        for (JsonElement e : ds) {
            if (e.getAsJsonObject().get("message").getAsString().startsWith("unknown name `zz`")) {
                unknown = e.getAsJsonObject();
            }
        }
        assertNotNull(unknown, ds.toString());
        int[] zz = find(text, "zz", 0);
        JsonObject range = unknown.getAsJsonObject("range");
        assertEquals(zz[0], range.getAsJsonObject("start").get("line").getAsInt());
        assertEquals(zz[1], range.getAsJsonObject("start").get("character").getAsInt());
        assertEquals(zz[1] + 2, range.getAsJsonObject("end").get("character").getAsInt(), "end is exclusive");
    }

    @Test
    void examplesHaveNoDiagnostics() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".dnn")).sorted().toList()) {
                String uri = f.toAbsolutePath().toUri().toString();
                client.notify("textDocument/didOpen", Map.of("textDocument",
                        Map.of("uri", uri, "languageId", "dnn", "version", 1, "text", Files.readString(f))));
                assertEquals(List.of(), published(diagnostics(uri)), f.toString());
            }
        }
    }

    @Test
    void didChangeRechecksTheNewText() throws Exception {
        String good = MODEL;
        String bad = MODEL.replace("h1 @ W", "h1 @ W + 1 @ W");
        String uri = open("net.dnn", good);
        assertEquals(0, diagnostics(uri).size());
        change(uri, 2, bad);
        JsonArray ds = diagnostics(uri);
        assertEquals(1, ds.size(), ds.toString());
        change(uri, 3, good);
        assertEquals(0, diagnostics(uri).size());
        // a save re-checks too
        client.notify("textDocument/didSave", Map.of("textDocument", Map.of("uri", uri)));
        assertEquals(0, diagnostics(uri).size());
        client.notify("textDocument/didClose", Map.of("textDocument", Map.of("uri", uri)));
        assertEquals(0, diagnostics(uri).size());
    }

    @Test
    void hoverShowsShapesInitializersAndSignatures() throws Exception {
        String uri = open("net.dnn", MODEL);
        diagnostics(uri);
        // a dense layer's output, where defined and where used
        assertTrue(hover(uri, MODEL, "h1", 0).contains("h1: [B, 256]"), hover(uri, MODEL, "h1", 0));
        assertTrue(hover(uri, MODEL, "h1", 1).contains("h1: [B, 256]"));
        assertTrue(hover(uri, MODEL, "logits", 1).contains("logits: [B, 10]"));
        assertTrue(hover(uri, MODEL, "x", 0).contains("x: [B, 784]"));
        assertTrue(hover(uri, MODEL, "y", 1).contains("y: label[10]"));
        // a parameter: its shape, initializer and size
        String w = hover(uri, MODEL, "W", 1);
        assertTrue(w.contains("param W: [256, 10]"), w);
        assertTrue(w.contains("`he` → normal(mean 0, std "), w);
        assertTrue(w.contains("2560 elements"), w);
        // a built-in: its signature and description, and for a layer the parameters this call declared
        String dense = hover(uri, MODEL, "dense", 0);
        assertTrue(dense.contains("dense(x, units, init = glorot, bias = true)"), dense);
        assertTrue(dense.contains("x @ W + b over the last axis"), dense);
        assertTrue(dense.contains("dense1.W: [784, 256]"), dense);
        assertTrue(dense.contains("dense1.b: [256]"), dense);
        assertTrue(hover(uri, MODEL, "softmax", 0).contains("softmax(x, axis = -1)"));
        // an optimizer and its argument
        assertTrue(hover(uri, MODEL, "adam", 0).contains("adam(lr, beta1, beta2, eps, weight_decay)"));
        assertTrue(hover(uri, MODEL, "lr", 0).contains("argument of `adam("));
        // nothing on a keyword or in blank space
        int[] model = find(MODEL, "model", 0);
        assertTrue(client.request("textDocument/hover", at(uri, model[0], model[1] + 1)).isJsonNull());
    }

    @Test
    void hoverStillWorksAboveALineThatDoesNotParse() throws Exception {
        String text = MODEL.replace("    output probs", "    z = dense(h1, \n    output probs");
        String uri = open("typing.dnn", text);
        assertFalse(diagnostics(uri).isEmpty());
        assertTrue(hover(uri, text, "h1", 0).contains("h1: [B, 256]"), hover(uri, text, "h1", 0));
    }

    @Test
    void completionOffersNamedArgumentsInsideACall() throws Exception {
        String text = MODEL.replace("adam(lr = 1e-3)", "adam()");
        String uri = open("net.dnn", text);
        diagnostics(uri);
        int[] adam = find(text, "adam", 0);
        List<JsonObject> items = complete(uri, adam[0], adam[1] + "adam(".length());
        JsonObject lr = item(items, "lr");
        assertEquals("lr = ", lr.get("insertText").getAsString());
        assertTrue(labels(items).containsAll(List.of("beta1", "beta2", "eps", "weight_decay")), labels(items).toString());
        assertFalse(labels(items).contains("relu"), "optimizer arguments are numbers, not layers");

        // a built-in's arguments, leaving out those already given by name
        String typed = MODEL.replace("relu(dense(x, 256))", "relu(dense(x, 256, bias = false, ))");
        change(uri, 2, typed);
        diagnostics(uri);
        int[] dense = find(typed, "dense", 0);
        int col = typed.split("\n")[dense[0]].indexOf("false, ") + "false, ".length();
        List<JsonObject> args = complete(uri, dense[0], col);
        assertTrue(labels(args).contains("init"), labels(args).toString());
        assertFalse(labels(args).contains("bias"), labels(args).toString());
        assertEquals("dense(x, units, init = glorot, bias = true)", item(args, "init").get("detail").getAsString());
        assertFalse(labels(args).contains("h1"), "h1 is defined on this very line");
        assertTrue(labels(args).contains("x"), labels(args).toString());
    }

    @Test
    void completionOffersBuiltinsNamesInScopeAndKeywords() throws Exception {
        String text = MODEL.replace("    output probs = softmax(logits)\n", "    output probs = so\n");
        String uri = open("net.dnn", text);
        diagnostics(uri);
        int[] so = find(text, "so", 0);
        List<JsonObject> items = complete(uri, so[0], so[1] + 2);
        JsonObject softmax = item(items, "softmax");
        assertEquals("softmax(x, axis = -1)", softmax.get("detail").getAsString());
        assertEquals(3, softmax.get("kind").getAsInt(), "a function");
        assertTrue(labels(items).containsAll(List.of("x", "y", "W", "h1", "logits", "dense", "relu", "glorot")),
                labels(items).toString());
        assertFalse(labels(items).contains("probs"), "defined on this line");
        assertTrue(item(items, "h1").get("detail").getAsString().contains("[B, 256]"));
        assertFalse(labels(items).contains("params"), "params is for the loss");

        // the declaration keywords at the start of a statement
        int[] loss = find(text, "loss", 0);
        List<JsonObject> start = complete(uri, loss[0], loss[1]);
        assertTrue(labels(start).containsAll(List.of("input", "target", "param", "output", "loss")), labels(start).toString());
        assertFalse(labels(start).contains("relu"));

        // in the loss, params; in a train block, its keys; after optimizer =, the optimizers
        int[] ce = find(text, "cross_entropy", 0);
        assertTrue(labels(complete(uri, ce[0], ce[1])).contains("params"));
        int[] epochs = find(text, "epochs", 0);
        List<JsonObject> keys = complete(uri, epochs[0], epochs[1]);
        assertTrue(labels(keys).containsAll(List.of("optimizer", "epochs", "batch", "seed")), labels(keys).toString());
        int[] adam = find(text, "adam", 0);
        assertTrue(labels(complete(uri, adam[0], adam[1])).containsAll(List.of("adam", "sgd")));
    }

    @Test
    void completionAndHoverKnowTheAugmentation() throws Exception {
        String text = MODEL.replace("float[784]", "float[1, 28, 28]").replace("dense(x, 256)", "dense(flatten(x), 256)")
                .replace("epochs = 2 }", "augment = images(shift = 2); epochs = 2 }");
        String uri = open("net.dnn", text);
        assertEquals(0, diagnostics(uri).size(), text);
        int[] images = find(text, "images", 0);
        assertTrue(labels(complete(uri, images[0], images[1])).contains("images"));
        List<JsonObject> args = complete(uri, images[0], images[1] + "images(".length());
        assertTrue(labels(args).contains("flip"), labels(args).toString());
        assertTrue(hover(uri, text, "images", 0).contains("images(shift, flip)"), hover(uri, text, "images", 0));
        int[] epochs = find(text, "epochs", 0);
        assertTrue(labels(complete(uri, epochs[0], epochs[1])).contains("augment"));
    }

    @Test
    void definitionJumpsToTheBinding() throws Exception {
        String text = """
                fn block(x, n) {
                    h = dense(x, n)
                    return relu(h)
                }
                model Net {
                    input x: float[4]
                    target y: float[1]
                    h = block(x, 8)
                    output p = dense(h, 1)
                    loss = mse(p, y)
                }
                """;
        String uri = open("def.dnn", text);
        assertEquals(0, diagnostics(uri).size());
        assertDefinition(uri, text, find(text, "h", 3), find(text, "h", 2));   // h in dense(h, 1) → the model's h
        assertDefinition(uri, text, find(text, "h", 1), find(text, "h", 0));   // relu(h) → the function's local
        assertDefinition(uri, text, find(text, "n", 1), find(text, "n", 0));   // a function argument
        assertDefinition(uri, text, find(text, "block", 1), find(text, "block", 0));   // the call → the fn
        assertDefinition(uri, text, find(text, "p", 1), find(text, "p", 0));
        int[] relu = find(text, "relu", 0);
        JsonElement none = client.request("textDocument/definition", at(uri, relu[0], relu[1]));
        assertEquals(0, none.getAsJsonArray().size(), "a built-in has no definition in the file");
    }

    private void assertDefinition(String uri, String text, int[] use, int[] def) throws Exception {
        JsonArray locations = client.request("textDocument/definition", at(uri, use[0], use[1])).getAsJsonArray();
        assertEquals(1, locations.size(), "definition at " + use[0] + ":" + use[1]);
        JsonObject loc = locations.get(0).getAsJsonObject();
        assertEquals(uri, loc.get("uri").getAsString());
        JsonObject start = loc.getAsJsonObject("range").getAsJsonObject("start");
        assertEquals(def[0], start.get("line").getAsInt());
        assertEquals(def[1], start.get("character").getAsInt());
    }

    @Test
    void completionInAFunctionOffersItsOwnNamesAndAtTheTopLevelTheKeywords() throws Exception {
        String text = """
                fn block(inp, n) {
                    hid = dense(inp, n)
                    return relu(hi)
                }

                model Net {
                    input x: float[4]
                    target y: float[1]
                    output p = dense(x, 1)
                    loss = mse(p, y) + mse(zz, y)
                }
                """;
        String uri = open("fn.dnn", text);
        diagnostics(uri);
        int[] hi = find(text, "hi", 0);
        List<String> inFn = labels(complete(uri, hi[0], hi[1] + 2));
        assertTrue(inFn.containsAll(List.of("inp", "n", "hid", "relu")), inFn.toString());
        assertFalse(inFn.contains("y") || inFn.contains("p"), "the model's names are not visible in a function");
        assertTrue(inFn.contains("x"), "relu(x = ...) by name");
        List<String> top = labels(complete(uri, 4, 0));
        assertTrue(top.containsAll(List.of("model", "fn")), top.toString());
        assertFalse(top.contains("relu"), top.toString());
        assertTrue(hover(uri, text, "zz", 0).contains("unknown name"));
        assertTrue(hover(uri, text, "inp", 1).contains("argument of `fn block(inp, n)`"));
        assertTrue(hover(uri, text, "block", 0).contains("fn block(inp, n)"));
    }
}
