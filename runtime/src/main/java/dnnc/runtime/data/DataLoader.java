package dnnc.runtime.data;

import dnnc.runtime.ModelSpec;

/** Reads the data sets a model names (IDX or CSV) and checks them against the model's input and target. */
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
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * Reads feature rows for prediction: a CSV file (an optional header row; if the header names
     * {@code targetColumn}, that column is dropped) or an IDX file of examples. Features are multiplied by
     * {@code scale}. Returns a dataset with targetSize 0.
     */
    public static Dataset loadFeatures(String path, int featureSize, String targetColumn, double scale) {
        throw new UnsupportedOperationException("not written yet");
    }
}
