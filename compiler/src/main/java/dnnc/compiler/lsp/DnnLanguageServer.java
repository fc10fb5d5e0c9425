package dnnc.compiler.lsp;

import dnnc.compiler.check.Diagnostic;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The dnn language server ({@code dnnc lsp}): full-document sync; on every open, change and save the document
 * is checked as {@code dnnc check} checks it and its diagnostics are published; hover, completion and go to
 * definition answer from the latest check. Messages are handled one at a time in the order they arrive, so an
 * answer always sees the text the client sent before asking.
 */
public final class DnnLanguageServer implements LanguageServer, LanguageClientAware, TextDocumentService,
        WorkspaceService {
    private final Map<String, Analysis> documents = new HashMap<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private LanguageClient client;
    private boolean shutdown;

    /**
     * Serves the protocol on {@code in} and {@code out} until the client sends {@code exit} or closes the input.
     * Returns the exit code: 0 after shutdown then exit (or the input closing after shutdown), 1 otherwise.
     */
    public static int serve(InputStream in, OutputStream out) {
        DnnLanguageServer server = new DnnLanguageServer();
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        try {
            CompletableFuture.anyOf(server.exited, CompletableFuture.runAsync(() -> {
                try {
                    listening.get();
                } catch (InterruptedException | ExecutionException e) {
                    // the input closed or broke: the client is gone
                }
            })).get();
        } catch (InterruptedException | ExecutionException e) {
            Thread.currentThread().interrupt();
        }
        listening.cancel(true);
        return server.exited.getNow(server.shutdown ? 0 : 1);
    }

    @Override
    public void connect(LanguageClient client) {
        this.client = client;
    }

    // ---- lifecycle ----

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities caps = new ServerCapabilities();
        TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Full);
        sync.setSave(new SaveOptions(false));
        caps.setTextDocumentSync(sync);
        caps.setHoverProvider(true);
        caps.setDefinitionProvider(true);
        caps.setCompletionProvider(new CompletionOptions(false, List.of("(", ",", "=", " ")));
        String version = DnnLanguageServer.class.getPackage().getImplementationVersion();
        return CompletableFuture.completedFuture(new InitializeResult(caps,
                new ServerInfo("dnnc", version == null ? "0.1.0" : version)));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdown = true;
        documents.clear();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        exited.complete(shutdown ? 0 : 1);
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return this;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return this;
    }

    // ---- documents ----

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        update(params.getTextDocument().getUri(), params.getTextDocument().getText());
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        List<TextDocumentContentChangeEvent> changes = params.getContentChanges();
        if (!changes.isEmpty()) {
            // Full sync: each change is the whole text; the last one is current.
            update(params.getTextDocument().getUri(), changes.get(changes.size() - 1).getText());
        }
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        Analysis a = params.getText() != null ? null : documents.get(uri);
        update(uri, params.getText() != null ? params.getText() : a == null ? null : a.text.text());
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        documents.remove(uri);
        if (client != null) {
            client.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
        }
    }

    private void update(String uri, String text) {
        if (text == null) {
            return;
        }
        Analysis a = Analysis.of(text, path(uri));
        documents.put(uri, a);
        if (client != null) {
            List<org.eclipse.lsp4j.Diagnostic> list = new ArrayList<>();
            for (Diagnostic d : a.diagnostics) {
                list.add(convert(a.text, d));
            }
            client.publishDiagnostics(new PublishDiagnosticsParams(uri, list));
        }
    }

    /** A file URI's path (relative data paths are checked next to it); another URI's is the working folder. */
    static Path path(String uri) {
        try {
            URI u = URI.create(uri);
            if ("file".equals(u.getScheme())) {
                return Path.of(u);
            }
            String name = u.getPath() == null || u.getPath().isEmpty() ? "untitled.dnn" : Path.of(u.getPath()).getFileName().toString();
            return Path.of(name);
        } catch (RuntimeException e) {
            return Path.of("untitled.dnn");
        }
    }

    /** The checker's diagnostic with its message, then its notes on lines of their own, as dnnc check prints them. */
    static org.eclipse.lsp4j.Diagnostic convert(TextIndex text, Diagnostic d) {
        StringBuilder message = new StringBuilder(d.message());
        for (String note : d.notes()) {
            message.append('\n').append(note);
        }
        org.eclipse.lsp4j.Diagnostic out = new org.eclipse.lsp4j.Diagnostic(text.range(d.span()), message.toString());
        out.setSeverity(switch (d.severity().name()) {
            case "ERROR" -> DiagnosticSeverity.Error;
            case "WARNING" -> DiagnosticSeverity.Warning;
            default -> DiagnosticSeverity.Information;
        });
        out.setSource("dnnc");
        return out;
    }

    // ---- requests ----

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        Analysis a = documents.get(params.getTextDocument().getUri());
        return CompletableFuture.completedFuture(a == null ? null : safely("hover", () -> Hovers.hover(a, params.getPosition()), null));
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        Analysis a = documents.get(params.getTextDocument().getUri());
        List<CompletionItem> items = a == null ? List.of()
                : safely("completion", () -> Completions.complete(a, params.getPosition()), List.of());
        return CompletableFuture.completedFuture(Either.forLeft(items));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        String uri = params.getTextDocument().getUri();
        Analysis a = documents.get(uri);
        Occurrences.Occurrence o = a == null ? null
                : safely("definition", () -> a.occurrences.at(a.text, params.getPosition()), null);
        List<Location> found = o == null || o.definition() == null ? List.of()
                : List.of(new Location(uri, a.text.range(o.definition())));
        return CompletableFuture.completedFuture(Either.forLeft(found));
    }

    /** A bug in an answer must not take the server down: log it to standard error and answer nothing. */
    private static <T> T safely(String what, java.util.function.Supplier<T> answer, T fallback) {
        try {
            return answer.get();
        } catch (RuntimeException | StackOverflowError e) {
            System.err.println("dnnc lsp: internal error in " + what + ": " + e);
            return fallback;
        }
    }

    // ---- workspace: nothing to do ----

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    }
}
