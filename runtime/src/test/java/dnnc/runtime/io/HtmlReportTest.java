package dnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dnnc.runtime.Evaluation;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.SoftmaxKernel;
import dnnc.runtime.train.ConfusionMatrix;
import dnnc.runtime.train.EpochStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final ModelSpec SPEC = ModelSpec.parse(new SoftmaxKernel(2, 3).spec());
    private static final Pattern SVG = Pattern.compile("<svg class=\"plot\"[^>]*aria-label=\"([^\"]*)\">(.*?)</svg>",
            Pattern.DOTALL);
    private static final Pattern LINE = Pattern.compile("<polyline [^>]*data-series=\"([^\"]*)\"[^>]*points=\"([^\"]*)\"");

    @TempDir
    Path dir;

    private static String report() {
        List<EpochStats> history = new ArrayList<>();
        for (int e = 1; e <= 5; e++) {
            history.add(new EpochStats(e, 0.1 / e, new Evaluation(1.0 / e, 0.5 + e / 20.0, 100),
                    new Evaluation(1.2 / e, 0.4 + e / 20.0, 20), null, 0.1, 1000));
        }
        ConfusionMatrix cm = new ConfusionMatrix("validation", new long[][] {{5, 1, 0}, {0, 6, 1}, {0, 0, 7}});
        return HtmlReport.html(SPEC, SPEC.train(), history, 4, cm);
    }

    @Test
    void namesTheAugmentationOfTheRun() {
        ModelSpec.Train augmented = SPEC.train().withAugment(new ModelSpec.Augment(2, true));
        String html = HtmlReport.html(SPEC, augmented, List.of(), null,
                new ConfusionMatrix("test", new long[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}));
        assertTrue(html.contains("augment images(shift = 2, flip = true)"), html);
    }

    @Test
    void hasALossAccuracyAndLearningRatePlotWithOnePointPerEpochPerSeries() {
        Matcher svg = SVG.matcher(report());
        List<String> titles = new ArrayList<>();
        while (svg.find()) {
            titles.add(svg.group(1));
            Matcher line = LINE.matcher(svg.group(2));
            int series = 0;
            while (line.find()) {
                series++;
                assertEquals(5, line.group(2).trim().split(" ").length, svg.group(1) + " " + line.group(1));
            }
            assertEquals(svg.group(1).equals("learning rate") ? 1 : 2, series, svg.group(1));
        }
        assertEquals(List.of("loss", "accuracy", "learning rate"), titles);
    }

    @Test
    void hasTheConfusionMatrixAsATable() {
        String html = report();
        int start = html.indexOf("<table class=\"confusion\">");
        assertTrue(start >= 0, html);
        String table = html.substring(start, html.indexOf("</table>", start));
        assertEquals(4, table.split("<tr>").length - 1); // header and three classes
        assertTrue(table.contains("<td>6</td>"), table);
    }

    @Test
    void hasTheModelSummaryWithParameterCounts() {
        String html = report();
        assertTrue(html.contains("<table class=\"summary\">"), html);
        assertTrue(html.contains("<td class=\"name\">W</td><td class=\"name\">parameter</td><td>[2, 3]</td><td>6</td>"),
                html);
        assertTrue(html.contains("<td>9</td>"), html); // total
    }

    @Test
    void isSelfContained() {
        String html = report();
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("http"), "no links or references to the internet");
        assertFalse(html.contains("<link"), "no external style sheets");
    }

    @Test
    void rendersInHeadlessChromiumWhenItIsInstalled() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "chromium is not installed");
        Path file = dir.resolve("report.html");
        Files.writeString(file, report());
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--dump-dom",
                file.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, dom.split("<svg").length - 1, dom);
        assertTrue(dom.contains("polyline"), dom);
    }
}
