package dnnc.compiler.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dnnc lsp} as an editor starts it: a separate process whose standard output carries protocol messages
 * and nothing else, which ends with code 0 after shutdown and exit.
 */
class LspCommandTest {
    @TempDir
    Path dir;

    @Test
    void speaksTheProtocolOnStandardOutputAndExitsCleanly() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dnnc.compiler.cli.Main", "lsp", "--stdio")
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try (LspClient client = new LspClient(p.getOutputStream(), p.getInputStream())) {
            JsonObject init = client.request("initialize", Map.of("processId", 1, "capabilities", Map.of()))
                    .getAsJsonObject();
            assertEquals("dnnc", init.getAsJsonObject("serverInfo").get("name").getAsString());
            client.notify("initialized", Map.of());
            Path file = dir.resolve("bad.dnn");
            String text = "model M {\n    input x: float[2]\n    h = relu(q)\n}\n";
            client.notify("textDocument/didOpen", Map.of("textDocument", Map.of("uri", file.toUri().toString(),
                    "languageId", "dnn", "version", 1, "text", text)));
            JsonArray ds = client.awaitNotification("textDocument/publishDiagnostics").getAsJsonArray("diagnostics");
            boolean unknownName = false;
            for (var d : ds) {
                unknownName |= d.getAsJsonObject().get("message").getAsString().startsWith("unknown name `q`");
            }
            assertTrue(unknownName, ds.toString());
            client.request("shutdown", null);
            client.notify("exit", null);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server ends after exit");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr.txt")));
            // after the last response the process printed nothing more
            assertEquals(-1, p.getInputStream().read());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void exitWithoutShutdownIsAnError() throws Exception {
        try (LspClient client = new LspClient()) {
            client.request("initialize", Map.of("processId", 1, "capabilities", Map.of()));
            client.notify("exit", null);
            for (int i = 0; i < 100 && client.exitCode < 0; i++) {
                Thread.sleep(50);
            }
            assertEquals(1, client.exitCode);
        }
    }

    @Test
    void unknownDocumentsAndPositionsAnswerNothing() throws Exception {
        try (LspClient client = new LspClient()) {
            client.request("initialize", Map.of("processId", 1, "capabilities", Map.of()));
            Map<String, Object> at = Map.of("textDocument", Map.of("uri", "file:///nowhere.dnn"),
                    "position", Map.of("line", 99, "character", 99));
            assertTrue(client.request("textDocument/hover", at).isJsonNull());
            assertEquals(List.of(), List.of(client.request("textDocument/completion", at).getAsJsonArray().asList().toArray()));
            assertEquals(0, client.request("textDocument/definition", at).getAsJsonArray().size());
            assertEquals(0, client.shutdown());
        }
    }
}
