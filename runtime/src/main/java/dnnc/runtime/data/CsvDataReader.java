package dnnc.runtime.data;

import dnnc.runtime.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a CSV file into a {@link Dataset}: for training, a header names the columns and one (or, for a
 * multi-value target, several) of them hold the target, every other column being a feature in file order; for
 * prediction, the header is optional and the target column, if present, is dropped.
 */
final class CsvDataReader {
    private CsvDataReader() {
    }

    static Dataset readExamples(String path, int featureSize, ModelSpec.Target target, String targetColumn,
            double scale) {
        List<String> targetNames = splitNames(targetColumn);
        if (targetNames.isEmpty()) {
            throw new DataException(path + ": no target column is named for this CSV file; name the column that"
                    + " holds the " + (target.isLabel() ? "labels" : "targets"));
        }
        if (target.isLabel() && targetNames.size() != 1) {
            throw new DataException(path + ": the model's target is a class label, which takes one column, but "
                    + targetNames.size() + " are named: " + String.join(", ", targetNames));
        }
        if (!target.isLabel() && targetNames.size() != target.size()) {
            throw new DataException(path + ": the model's target takes " + target.size() + " numbers, but "
                    + targetNames.size() + " target columns are named: " + String.join(", ", targetNames));
        }
        try (CsvReader csv = CsvReader.open(path)) {
            CsvReader.Row header = csv.next();
            if (header == null) {
                throw new DataException(path + ": file is empty (expected a header row naming the columns)");
            }
            String[] names = header.cells();
            int[] targetIndex = new int[targetNames.size()];
            boolean[] isTarget = new boolean[names.length];
            for (int t = 0; t < targetIndex.length; t++) {
                targetIndex[t] = columnIndex(csv, header, targetNames.get(t));
                isTarget[targetIndex[t]] = true;
            }
            int[] featureIndex = new int[names.length - targetIndex.length];
            for (int c = 0, f = 0; c < names.length; c++) {
                if (!isTarget[c]) {
                    featureIndex[f++] = c;
                }
            }
            if (featureIndex.length != featureSize) {
                throw new DataException(path + ": has " + featureIndex.length + " feature columns (every column"
                        + " but the target \"" + String.join("\", \"", targetNames) + "\"), but the model's input"
                        + " takes " + featureSize + " numbers");
            }
            String why = "the header on line " + header.line() + " has " + names.length;
            FloatArrayBuilder features = new FloatArrayBuilder(path, 1024, FloatArrayBuilder.MAX_SIZE);
            FloatArrayBuilder targets = new FloatArrayBuilder(path, 64, FloatArrayBuilder.MAX_SIZE);
            LabelColumn labels = target.isLabel()
                    ? new LabelColumn(csv, targetIndex[0], names[targetIndex[0]], target.classes()) : null;
            int rows = 0;
            for (CsvReader.Row row = csv.next(); row != null; row = csv.next()) {
                csv.checkWidth(row, names.length, why);
                for (int c : featureIndex) {
                    features.add(csv.number(row, c, names[c], scale));
                }
                if (labels != null) {
                    labels.add(row);
                } else {
                    for (int c : targetIndex) {
                        targets.add(csv.number(row, c, names[c], 1.0));
                    }
                }
                rows++;
            }
            if (rows == 0) {
                throw new DataException(path + ": has a header but no rows of data");
            }
            float[] y = labels != null ? labels.classNumbers() : targets.toArray();
            return new Dataset(path, rows, featureSize, features.toArray(), target.size(), y);
        }
    }

    static Dataset readFeatures(DataFiles.Opened file, int featureSize, String targetColumn, double scale) {
        String path = file.path();
        try (CsvReader csv = CsvReader.open(file)) {
            CsvReader.Row first = csv.next();
            if (first == null) {
                throw new DataException(path + ": file is empty (expected rows of " + featureSize + " numbers)");
            }
            // A first row that is all numbers is data: files written for prediction often have no header.
            boolean hasHeader = !CsvReader.allNumbers(first.cells());
            String[] names = hasHeader ? first.cells() : null;
            boolean[] keep = new boolean[hasHeader ? names.length : featureSize];
            Arrays.fill(keep, true);
            String why = "the model's input takes " + featureSize + " numbers";
            if (hasHeader) {
                Set<String> dropped = new LinkedHashSet<>();
                for (String target : splitNames(targetColumn)) {
                    for (int c = 0; c < names.length; c++) {
                        if (names[c].equals(target)) {
                            keep[c] = false;
                            dropped.add(target);
                        }
                    }
                }
                int kept = names.length - countFalse(keep);
                if (kept != featureSize) {
                    throw new DataException(csv.at(first.line()) + ": the header has " + names.length + " columns"
                            + (dropped.isEmpty() ? "" : ", " + kept + " without the target "
                                    + String.join(", ", dropped))
                            + ", but the model's input takes " + featureSize + " numbers");
                }
                why = "the header on line " + first.line() + " has " + names.length;
            }
            FloatArrayBuilder features = new FloatArrayBuilder(path, 1024, FloatArrayBuilder.MAX_SIZE);
            int rows = 0;
            for (CsvReader.Row row = hasHeader ? csv.next() : first; row != null; row = csv.next()) {
                csv.checkWidth(row, keep.length, why);
                for (int c = 0; c < keep.length; c++) {
                    if (keep[c]) {
                        features.add(csv.number(row, c, names == null ? null : names[c], scale));
                    }
                }
                rows++;
            }
            if (rows == 0) {
                throw new DataException(path + ": has a header but no rows of data");
            }
            return new Dataset(path, rows, featureSize, features.toArray(), 0, new float[0]);
        }
    }

    /** The column names in a target column setting: one name, or several separated by commas. */
    private static List<String> splitNames(String targetColumn) {
        List<String> names = new ArrayList<>();
        if (targetColumn != null) {
            for (String name : targetColumn.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }

    /** The index of the column called {@code name}; it must appear exactly once in the header. */
    private static int columnIndex(CsvReader csv, CsvReader.Row header, String name) {
        String[] names = header.cells();
        int found = -1;
        for (int c = 0; c < names.length; c++) {
            if (names[c].equals(name)) {
                if (found >= 0) {
                    throw new DataException(csv.at(header.line()) + ": the header names the target column \"" + name
                            + "\" twice (columns " + (found + 1) + " and " + (c + 1) + ")");
                }
                found = c;
            }
        }
        if (found < 0) {
            throw new DataException(csv.at(header.line()) + ": target column \"" + name
                    + "\" is not in the header; its columns are: " + String.join(", ", names));
        }
        return found;
    }

    private static int countFalse(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 0 : 1;
        }
        return n;
    }
}
