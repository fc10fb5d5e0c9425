package dnnc.compiler.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A .dnn file's name (as the user gave it, for messages) and its text. */
public record SourceFile(String path, String text) {

    public static SourceFile read(Path path) throws IOException {
        return new SourceFile(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** The text of 1-based line {@code n} without its line break, or "" past the end. */
    public String line(int n) {
        String[] lines = text.split("\r?\n", -1);
        return n >= 1 && n <= lines.length ? lines[n - 1] : "";
    }
}
