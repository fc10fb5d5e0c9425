package dnnc.runtime.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file a row at a time: cells separated by commas, trimmed, optionally in double quotes (a doubled
 * quote inside stands for one quote; a quoted cell may hold commas but not line breaks). Each row keeps its line
 * number so that messages can point at it. Empty lines are allowed only at the end, where editors leave them;
 * elsewhere they usually mean a damaged or carelessly joined file, so they are reported.
 */
final class CsvReader implements Closeable {

    /** One non-empty line: its 1-based line number in the file and its trimmed cells. */
    record Row(int line, String[] cells) {
    }

    private final DataFiles.Opened file;
    private final BufferedReader reader;
    private int lineNumber;
    private int firstEmptyLine;

    private CsvReader(DataFiles.Opened file) {
        this.file = file;
        this.reader = new BufferedReader(new InputStreamReader(file.in(), StandardCharsets.UTF_8),
                DataFiles.BUFFER_SIZE);
    }

    static CsvReader open(String path) {
        return open(DataFiles.open(path));
    }

    static CsvReader open(DataFiles.Opened file) {
        return new CsvReader(file);
    }

    String path() {
        return file.path();
    }

    /** The next non-empty row, or null at the end of the file. */
    Row next() {
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                throw DataFiles.readFailure(path(), e);
            }
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // byte order mark written by some spreadsheet programs
            }
            if (line.isBlank()) {
                if (firstEmptyLine == 0) {
                    firstEmptyLine = lineNumber;
                }
                continue;
            }
            if (firstEmptyLine != 0) {
                throw new DataException(at(firstEmptyLine) + ": empty line in the middle of the data "
                        + "(empty lines are allowed only at the end of the file)");
            }
            if (line.indexOf('\0') >= 0) {
                throw new DataException(at(lineNumber) + ": holds binary data, expected CSV text"
                        + " (for IDX files use the idx format)");
            }
            return new Row(lineNumber, split(line));
        }
    }

    /** Fails unless {@code row} has {@code expected} cells; {@code why} says where that number comes from. */
    void checkWidth(Row row, int expected, String why) {
        if (row.cells().length != expected) {
            int found = row.cells().length;
            throw new DataException(at(row.line()) + ": has " + found + (found == 1 ? " column" : " columns")
                    + ", expected " + expected + " (" + why + ")");
        }
    }

    /** The number in cell {@code column} (0-based) of {@code row}, multiplied by {@code scale}. */
    float number(Row row, int column, String columnName, double scale) {
        String text = row.cells()[column];
        try {
            float value = Float.parseFloat(text);
            return scale == 1.0 ? value : (float) (value * scale);
        } catch (NumberFormatException e) {
            String found = text.isEmpty() ? "an empty cell" : "\"" + text + "\"";
            throw new DataException(at(row.line(), column, columnName) + ": expected a number, found " + found);
        }
    }

    /** Whether every cell parses as a number (a row of data rather than a header). */
    static boolean allNumbers(String[] cells) {
        for (String cell : cells) {
            if (!isNumber(cell)) {
                return false;
            }
        }
        return true;
    }

    static boolean isNumber(String cell) {
        try {
            Float.parseFloat(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** "file line 5": where a message points. */
    String at(int line) {
        return path() + " line " + line;
    }

    /** "file line 5, column 3 (\"x\")": where a message about one cell points; columns count from 1. */
    String at(int line, int column, String columnName) {
        return at(line) + ", column " + (column + 1) + (columnName == null ? "" : " (\"" + columnName + "\")");
    }

    @Override
    public void close() {
        file.close();
    }

    private String[] split(String line) {
        List<String> cells = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                StringBuilder cell = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new DataException(at(lineNumber, cells.size(), null)
                                + ": a quoted cell is not closed (quoted cells cannot span lines)");
                    }
                    char c = line.charAt(i++);
                    if (c == '"' && i < n && line.charAt(i) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        break;
                    } else {
                        cell.append(c);
                    }
                }
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                if (!line.substring(i, end).isBlank()) {
                    throw new DataException(at(lineNumber, cells.size(), null) + ": unexpected text \""
                            + line.substring(i, end).trim() + "\" after a quoted cell");
                }
                cells.add(cell.toString().trim());
                i = end;
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                cells.add(line.substring(i, end).trim());
                i = end;
            }
            if (i >= n) {
                return cells.toArray(new String[0]);
            }
            i++; // the comma
        }
    }
}
