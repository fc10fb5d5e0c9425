package dnnc.runtime.data;

import static dnnc.runtime.data.TestData.assertFails;
import static dnnc.runtime.data.TestData.csvSource;
import static dnnc.runtime.data.TestData.floats;
import static dnnc.runtime.data.TestData.labels;
import static dnnc.runtime.data.TestData.write;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files that are malformed or do not match the model. Rows are named by their line in the file. */
class CsvErrorsTest {
    @TempDir
    Path dir;

    @Test
    void reportsARowWithTooFewColumns() {
        String path = write(dir, "data.csv", "a,b,y\n1,2,0\n3,1\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 2, labels(2)), path, "line 3", "has 2 columns",
                "expected 3");
    }

    @Test
    void reportsARowWithTooManyColumns() {
        String path = write(dir, "data.csv", "a,b,y\n1,2,0,9\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 2, labels(2)), path, "line 2", "has 4 columns");
    }

    @Test
    void reportsANonNumberWithItsLineAndColumn() {
        String path = write(dir, "data.csv", "a,b,y\n1,2,0\n3,abc,1\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 2, labels(2)), path, "line 3", "column 2",
                "\"b\"", "expected a number", "\"abc\"");
    }

    @Test
    void reportsAnEmptyFeatureCell() {
        String path = write(dir, "data.csv", "a,b,y\n1,,0\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 2, labels(2)), path, "line 2", "column 2",
                "empty cell");
    }

    @Test
    void reportsATargetColumnMissingFromTheHeaderListingTheColumns() {
        String path = write(dir, "data.csv", "a,b,class\n1,2,0\n");

        assertFails(() -> DataLoader.load(csvSource(path, "label", 1.0), 2, labels(2)), path, "\"label\"",
                "not in the header", "a, b, class");
    }

    @Test
    void reportsFeatureColumnsDifferentFromTheModelsInputSize() {
        String path = write(dir, "data.csv", "a,b,c,y\n1,2,3,0\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 2, labels(2)), path, "3 feature columns",
                "takes 2");
    }

    @Test
    void reportsANumericLabelOutOfRange() {
        String path = write(dir, "data.csv", "a,y\n1,0\n2,3\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(3)), path, "line 3", "column 2",
                "0 to 2", "found 3");
    }

    @Test
    void reportsANegativeLabel() {
        String path = write(dir, "data.csv", "a,y\n1,-1\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(3)), path, "line 2", "found -1");
    }

    @Test
    void reportsALabelThatIsNotAWholeNumber() {
        String path = write(dir, "data.csv", "a,y\n1,1.5\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(3)), path, "line 2", "found 1.5");
    }

    @Test
    void reportsMoreClassNamesThanTheModelHasClasses() {
        String path = write(dir, "data.csv", "a,y\n1,cat\n2,dog\n3,emu\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2)), path, "3 distinct class names",
                "cat, dog, emu", "only 2 classes");
    }

    @Test
    void reportsALabelColumnMixingNumbersAndNames() {
        String path = write(dir, "data.csv", "a,y\n1,0\n2,dog\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2)), path, "mixes", "line 2",
                "line 3: \"dog\"");
    }

    @Test
    void reportsAMissingLabel() {
        String path = write(dir, "data.csv", "a,y\n1,\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2)), path, "line 2", "missing");
    }

    @Test
    void reportsAnEmptyLineInTheMiddle() {
        String path = write(dir, "data.csv", "a,y\n1,0\n\n2,1\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2)), path, "line 3", "empty line");
    }

    @Test
    void reportsAnUnclosedQuote() {
        String path = write(dir, "data.csv", "a,y\n1,\"cat\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2)), path, "line 2", "not closed");
    }

    @Test
    void reportsAHeaderWithoutData() {
        String path = write(dir, "data.csv", "a,y\n");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2)), path, "no rows of data");
    }

    @Test
    void reportsNoTargetColumnNamed() {
        String path = write(dir, "data.csv", "a,y\n1,0\n");

        assertFails(() -> DataLoader.load(csvSource(path, null, 1.0), 1, labels(2)), path, "no target column");
    }

    @Test
    void reportsTargetColumnsDifferentFromTheTargetSize() {
        String path = write(dir, "data.csv", "a,t1,t2\n1,0,0\n");

        assertFails(() -> DataLoader.load(csvSource(path, "t1,t2", 1.0), 1, floats(3)), path, "takes 3", "t1, t2");
    }

    @Test
    void reportsABinaryFileGivenAsCsv() {
        String path = write(dir, "x.idx", new byte[] {1, 0, 8, 1, 0, 0, 0, 1, 5});

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2)), path, "binary");
    }

    @Test
    void reportsAPredictionRowOfTheWrongLengthWithoutHeader() {
        String path = write(dir, "new.csv", "1,2\n3,4,5\n");

        assertFails(() -> DataLoader.loadFeatures(path, 2, null, 1.0), path, "line 2", "has 3 columns", "expected 2");
    }

    @Test
    void reportsAPredictionHeaderOfTheWrongWidth() {
        String path = write(dir, "new.csv", "a,b,label\n1,2,0\n");

        assertFails(() -> DataLoader.loadFeatures(path, 3, "label", 1.0), path, "line 1", "2 without the target",
                "takes 3");
    }

    @Test
    void reportsANonNumberInAPredictionFile() {
        String path = write(dir, "new.csv", "a,b\n1,2\n3,x\n");

        assertFails(() -> DataLoader.loadFeatures(path, 2, null, 1.0), path, "line 3", "column 2", "\"x\"");
    }
}
