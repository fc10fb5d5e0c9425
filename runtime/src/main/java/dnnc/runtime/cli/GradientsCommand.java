package dnnc.runtime.cli;

import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.cli.Options.Kind;
import dnnc.runtime.data.DataException;
import dnnc.runtime.io.AtomicFiles;
import dnnc.runtime.io.WeightsFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gradients --weights W --batch-file B.csv --output DIR}: the loss and every parameter's gradient for
 * one batch and given weights, written to {@code DIR/gradients.json}, so that another framework can be
 * compared on exactly the same numbers. Formats: docs/FORMATS.md.
 */
final class GradientsCommand {
    static final String HELP = """
            Usage: java -jar %1$s.jar gradients --weights FILE --batch-file FILE.csv --output DIR

            Computes the loss and the gradient of every parameter for one batch, with the given weights, and
            writes DIR/gradients.json: {"model", "batch", "loss", "gradients": {name: {"shape", "values"}}}.

              --weights FILE       the parameters (a weights file written by train)
              --batch-file FILE    CSV without a header, one example a line: the input's values, then the
                                   target's (a label as its class number)
              --output DIR         the folder to write gradients.json to (created if missing)
            """;

    private GradientsCommand() {
    }

    static void run(Model model, String[] args, PrintStream out) throws IOException {
        Options o = new Options("gradients").declare("--weights", Kind.FILE).declare("--batch-file", Kind.FILE)
                .declare("--output", Kind.FILE).parse(args, 1);
        if (o.help()) {
            out.print(String.format(HELP, model.name()));
            return;
        }
        Path weights = Path.of(o.required("--weights"));
        Path batchFile = Path.of(o.required("--batch-file"));
        Path dir = Path.of(o.required("--output"));
        WeightsFile.load(model, weights);
        ModelSpec spec = model.spec();
        List<float[]> rows = readRows(batchFile, spec.input().size() + spec.target().size());
        float[][] table = model.newTable(rows.size());
        float[] input = table[spec.input().slot()];
        float[] target = table[spec.target().slot()];
        int is = spec.input().size();
        int ts = spec.target().size();
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, input, i * is, is);
            System.arraycopy(rows.get(i), is, target, i * ts, ts);
        }
        float loss = model.forward(table, rows.size(), true);
        model.backward(table, rows.size());
        Files.createDirectories(dir);
        Path file = dir.resolve("gradients.json");
        String json = json(model, rows.size(), loss, model.gradients(table));
        AtomicFiles.writeString(file, json);
        out.println("loss " + loss + " on " + rows.size() + " examples; wrote " + file);
    }

    private static List<float[]> readRows(Path file, int width) throws IOException {
        List<float[]> rows = new ArrayList<>();
        int line = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            String[] cells = text.split(",");
            if (cells.length != width) {
                throw new DataException(file + ":" + line + ": " + cells.length + " values, expected " + width
                        + " (the input's, then the target's)");
            }
            float[] row = new float[width];
            for (int k = 0; k < width; k++) {
                try {
                    row[k] = Float.parseFloat(cells[k].trim());
                } catch (NumberFormatException e) {
                    throw new DataException(file + ":" + line + ": '" + cells[k].trim() + "' is not a number");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new DataException(file + ": no examples");
        }
        return rows;
    }

    private static String json(Model model, int batch, float loss, float[][] grads) {
        StringBuilder s = new StringBuilder("{\n  \"model\": \"").append(model.name()).append("\",\n");
        s.append("  \"batch\": ").append(batch).append(",\n  \"loss\": ").append(number(loss));
        s.append(",\n  \"gradients\": {");
        List<ModelSpec.Param> params = model.spec().params();
        for (int i = 0; i < params.size(); i++) {
            ModelSpec.Param p = params.get(i);
            s.append(i == 0 ? "\n" : ",\n").append("    \"").append(p.name()).append("\": {\"shape\": [");
            for (int k = 0; k < p.shape().length; k++) {
                s.append(k == 0 ? "" : ", ").append(p.shape()[k]);
            }
            s.append("], \"values\": [");
            for (int k = 0; k < p.size(); k++) {
                s.append(k == 0 ? "" : ", ").append(number(grads[i][k]));
            }
            s.append("]}");
        }
        return s.append("\n  }\n}\n").toString();
    }

    /** A float as JSON: shortest round-tripping text; NaN and infinities as strings (JSON has no such numbers). */
    private static String number(float v) {
        return Float.isFinite(v) ? Float.toString(v) : "\"" + v + "\"";
    }
}
