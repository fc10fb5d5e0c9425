package dnnc.runtime.data;

import dnnc.runtime.ModelSpec;
import java.util.List;
import java.util.Locale;

/** Reads the data sets a model names (IDX, NumPy .npy or CSV) and checks them against the model's input and target. */
public final class DataLoader {
    private DataLoader() {
    }

    /**
     * Loads {@code source} for a model whose input has {@code featureSize} numbers per example and whose
     * target is {@code target}.
     *
     * @throws DataException for every problem with the data, with a message naming the file
     */
    public static Dataset load(ModelSpec.DataSource source, int featureSize, ModelSpec.Target target) {
        if (source == null) {
            throw new DataException("no data source given");
        }
        List<String> paths = source.paths() == null ? List.of() : source.paths();
        String files = String.join(", ", paths);
        return guarded(files, () -> {
            checkFeatureSize(files, featureSize);
            String format = source.format() == null ? "" : source.format().trim().toLowerCase(Locale.ROOT);
            switch (format) {
                case "idx" -> {
                    if (paths.size() != 2) {
                        throw new DataException("idx data takes two files (examples, then labels or targets), but "
                                + paths.size() + " are given: " + files);
                    }
                    return IdxDataReader.readExamples(paths.get(0), paths.get(1), featureSize, target,
                            source.scale());
                }
                case "csv" -> {
                    if (paths.size() != 1) {
                        throw new DataException("csv data takes one file, but " + paths.size() + " are given: "
                                + files);
                    }
                    return CsvDataReader.readExamples(paths.get(0), featureSize, target, source.targetColumn(),
                            source.scale());
                }
                case "npy" -> {
                    if (paths.size() != 2) {
                        throw new DataException("npy data takes two files (examples, then labels or targets), but "
                                + paths.size() + " are given: " + files);
                    }
                    return NpyDataReader.readExamples(paths.get(0), paths.get(1), featureSize, target,
                            source.scale());
                }
                default -> throw new DataException(files + ": unknown data format \"" + source.format()
                        + "\"; expected idx, npy or csv");
            }
        });
    }

    /**
     * Reads feature rows for prediction: a CSV file (an optional header row; if the header names
     * {@code targetColumn}, that column is dropped), an IDX or a .npy file of examples. Features are multiplied by
     * {@code scale}. Returns a dataset with targetSize 0.
     */
    public static Dataset loadFeatures(String path, int featureSize, String targetColumn, double scale) {
        return guarded(path, () -> {
            checkFeatureSize(path, featureSize);
            // Which format is told by the content: an IDX file starts with two zero bytes, which text never does.
            DataFiles.Opened file = DataFiles.open(path);
            try {
                if (NpyReader.looksLikeNpy(file)) {
                    return NpyDataReader.readFeatures(file, featureSize, scale);
                }
                return IdxReader.looksLikeIdx(file)
                        ? IdxDataReader.readFeatures(file, featureSize, scale)
                        : CsvDataReader.readFeatures(file, featureSize, targetColumn, scale);
            } finally {
                file.close();
            }
        });
    }

    private static void checkFeatureSize(String files, int featureSize) {
        if (featureSize <= 0) {
            throw new DataException(files + ": the model's input size must be positive, but it is " + featureSize);
        }
    }

    private interface Read {
        Dataset run();
    }

    /**
     * Runs {@code read}, turning anything but a {@link DataException} into one that names the files, so that
     * callers only ever have to handle (and show) a DataException.
     */
    private static Dataset guarded(String files, Read read) {
        try {
            return read.run();
        } catch (DataException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new DataException(files + ": not enough memory to hold the data; give Java more (e.g. -Xmx8g)", e);
        } catch (RuntimeException e) {
            throw new DataException(files + ": cannot be read (" + e + ")", e);
        }
    }
}
