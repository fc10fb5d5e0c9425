package dnnc.runtime.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the cells of a CSV label column and turns them into class numbers. A column of numbers gives the
 * class numbers directly. A column of names (like "setosa") gives each name its position among the distinct
 * names in sorted order: sorting, rather than order of appearance, gives the same numbers to files that hold the
 * same names in a different order, such as a training and a test file. A column mixing both is rejected, since
 * either reading would silently give some rows the wrong class.
 */
final class LabelColumn {
    private final CsvReader csv;
    private final int column;
    private final String columnName;
    private final int classes;
    private final List<String> cells = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();
    private int firstNumberIndex = -1;
    private int firstNameIndex = -1;

    LabelColumn(CsvReader csv, int column, String columnName, int classes) {
        this.csv = csv;
        this.column = column;
        this.columnName = columnName;
        this.classes = classes;
    }

    void add(CsvReader.Row row) {
        String cell = row.cells()[column];
        if (cell.isEmpty()) {
            throw new DataException(csv.at(row.line(), column, columnName) + ": the label is missing (empty cell); "
                    + Labels.expected(classes));
        }
        boolean number = CsvReader.isNumber(cell);
        if (number && firstNumberIndex < 0) {
            firstNumberIndex = cells.size();
        } else if (!number && firstNameIndex < 0) {
            firstNameIndex = cells.size();
        }
        cells.add(cell);
        lines.add(row.line());
    }

    /** The class number of every row added, in order. */
    float[] classNumbers() {
        if (firstNumberIndex >= 0 && firstNameIndex >= 0) {
            throw new DataException(csv.path() + ": label column \"" + columnName + "\" mixes class numbers ("
                    + quoted(firstNumberIndex) + ") and class names (" + quoted(firstNameIndex)
                    + "); use one or the other");
        }
        return firstNameIndex >= 0 ? fromNames() : fromNumbers();
    }

    private float[] fromNumbers() {
        float[] labels = new float[cells.size()];
        for (int i = 0; i < labels.length; i++) {
            float value = Float.parseFloat(cells.get(i));
            String problem = Labels.problem(value, classes);
            if (problem != null) {
                throw new DataException(csv.at(lines.get(i), column, columnName) + ": " + problem);
            }
            labels[i] = value;
        }
        return labels;
    }

    private float[] fromNames() {
        Map<String, Integer> numbers = new TreeMap<>();
        for (String cell : cells) {
            numbers.put(cell, 0);
        }
        if (numbers.size() > classes) {
            throw new DataException(csv.path() + ": label column \"" + columnName + "\" holds " + numbers.size()
                    + " distinct class names " + sample(numbers.keySet()) + ", but the model has only " + classes
                    + " classes");
        }
        int next = 0;
        for (Map.Entry<String, Integer> e : numbers.entrySet()) {
            e.setValue(next++);
        }
        float[] labels = new float[cells.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = numbers.get(cells.get(i));
        }
        return labels;
    }

    private String quoted(int index) {
        return "line " + lines.get(index) + ": \"" + cells.get(index) + "\"";
    }

    /** The first few names, enough to recognize the column without flooding the message. */
    private static String sample(Iterable<String> names) {
        StringBuilder s = new StringBuilder("(");
        int shown = 0;
        for (String name : names) {
            if (shown == 10) {
                return s.append(", ...)").toString();
            }
            s.append(shown++ == 0 ? "" : ", ").append(name);
        }
        return s.append(")").toString();
    }
}
