package dnnc.runtime.data;

import static dnnc.runtime.data.TestData.csvSource;
import static dnnc.runtime.data.TestData.floats;
import static dnnc.runtime.data.TestData.gzip;
import static dnnc.runtime.data.TestData.labels;
import static dnnc.runtime.data.TestData.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvLoadingTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "target in column {0}")
    @CsvSource(delimiter = '|', value = {
        "1|label,a,b|1,10,20|0,30,40",
        "2|a,label,b|10,1,20|30,0,40",
        "3|a,b,label|10,20,1|30,40,0",
    })
    void readsTheNamedTargetColumnWhereverItIsInTheHeader(int position, String header, String row1, String row2) {
        String path = write(dir, "data.csv", header + "\n" + row1 + "\n" + row2 + "\n");

        Dataset d = DataLoader.load(csvSource(path, "label", 1.0), 2, labels(2));

        assertEquals(2, d.size());
        assertArrayEquals(new float[] {10, 20, 30, 40}, d.features());
        assertArrayEquals(new float[] {1, 0}, d.targets());
    }

    @Test
    void mapsClassNamesToNumbersInSortedOrder() {
        String path = write(dir, "iris.csv", "x,species\n1,versicolor\n2,setosa\n3,virginica\n4,setosa\n");

        Dataset d = DataLoader.load(csvSource(path, "species", 1.0), 1, labels(3));

        assertArrayEquals(new float[] {1, 0, 2, 0}, d.targets());
    }

    @Test
    void acceptsWholeNumbersWrittenWithADecimalPointAsLabels() {
        String path = write(dir, "data.csv", "x,y\n1,2.0\n2,0\n");

        Dataset d = DataLoader.load(csvSource(path, "y", 1.0), 1, labels(3));

        assertArrayEquals(new float[] {2, 0}, d.targets());
    }

    @Test
    void readsAMultiValueFloatTargetFromSeveralNamedColumns() {
        String path = write(dir, "data.csv", "t2,x1,t1,x2\n0.5,1,1.5,2\n-1,3,2e3,4\n");

        Dataset d = DataLoader.load(csvSource(path, "t1, t2", 1.0), 2, floats(2));

        assertEquals(2, d.targetSize());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
        assertArrayEquals(new float[] {1.5f, 0.5f, 2000f, -1f}, d.targets());
    }

    @Test
    void multipliesFeaturesButNotTargetsByScale() {
        String path = write(dir, "data.csv", "a,b,y\n10,20,30\n");

        Dataset d = DataLoader.load(csvSource(path, "y", 0.1), 2, floats(1));

        assertArrayEquals(new float[] {1, 2}, d.features(), 1e-6f);
        assertArrayEquals(new float[] {30}, d.targets());
    }

    @Test
    void ignoresEmptyLinesAtTheEnd() {
        String path = write(dir, "data.csv", "a,y\r\n1,0\r\n2,1\r\n\r\n  \n\n");

        Dataset d = DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2));

        assertEquals(2, d.size());
    }

    @Test
    void trimsCellsAndAcceptsQuotedCells() {
        String path = write(dir, "data.csv", " a , \"b\" ,\"kind\"\n 1 ,\" 2 \", \"x, \"\"y\"\"\"\n3,4,z\n");

        Dataset d = DataLoader.load(csvSource(path, "kind", 1.0), 2, labels(2));

        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
        assertArrayEquals(new float[] {0, 1}, d.targets()); // "x, \"y\"" sorts before "z"
    }

    @Test
    void skipsAByteOrderMarkBeforeTheHeader() {
        String path = write(dir, "data.csv", "\uFEFFa,y\n1,0\n");

        Dataset d = DataLoader.load(csvSource(path, "y", 1.0), 1, labels(1));

        assertArrayEquals(new float[] {1}, d.features());
    }

    @Test
    void readsGzippedCsv() {
        byte[] text = "a,y\n1,0\n2,1\n".getBytes(StandardCharsets.UTF_8);
        String path = write(dir, "data.csv.gz", gzip(text));

        Dataset d = DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2));

        assertArrayEquals(new float[] {1, 2}, d.features());
    }

    @Test
    void dropsTheTargetColumnNamedInTheHeaderForPrediction() {
        String path = write(dir, "new.csv", "a,label,b\n1,cat,2\n3,dog,4\n");

        Dataset d = DataLoader.loadFeatures(path, 2, "label", 1.0);

        assertEquals(2, d.size());
        assertEquals(0, d.targetSize());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
    }

    @Test
    void keepsEveryColumnWhenTheHeaderLacksTheTargetForPrediction() {
        String path = write(dir, "new.csv", "a,b\n1,2\n");

        Dataset d = DataLoader.loadFeatures(path, 2, "label", 1.0);

        assertArrayEquals(new float[] {1, 2}, d.features());
    }

    @Test
    void readsAFileWithoutHeaderForPrediction() {
        String path = write(dir, "new.csv", "1,2\n3,4\n");

        Dataset d = DataLoader.loadFeatures(path, 2, null, 0.5);

        assertEquals(2, d.size());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, d.features());
    }
}
