package dnnc.runtime.data;

import dnnc.runtime.ModelSpec;

/**
 * Turns a pair of {@code .npy} files (examples, then labels or targets; the first dimension counts examples)
 * into a {@link Dataset}, checking both headers against the model before any data is read.
 */
final class NpyDataReader {
    private NpyDataReader() {
    }

    static Dataset readExamples(String featuresPath, String targetsPath, int featureSize, ModelSpec.Target target,
                                double scale) {
        try (DataFiles.Opened xf = DataFiles.open(featuresPath); DataFiles.Opened yf = DataFiles.open(targetsPath)) {
            NpyReader x = NpyReader.open(xf);
            NpyReader y = NpyReader.open(yf);
            int count = checkExamples(x, featureSize);
            if (y.dims[0] != count) {
                throw new DataException(targetsPath + ": holds " + y.dims[0] + (target.isLabel() ? " labels"
                        : " targets") + " (shape " + y.dimsText() + "), but " + featuresPath + " holds " + count
                        + " examples");
            }
            if (y.valuesPerExample() != target.size()) {
                throw new DataException(targetsPath + ": each target has " + y.valuesPerExample() + " values (shape "
                        + y.dimsText() + "), but the model's target " + (target.isLabel() ? "is one class label"
                        : "takes " + target.size() + " numbers"));
            }
            float[] features = x.readAll(scale);
            float[] targets = y.readAll(1.0);
            if (target.isLabel()) {
                for (int i = 0; i < targets.length; i++) {
                    String problem = Labels.problem(targets[i], target.classes());
                    if (problem != null) {
                        throw new DataException(targetsPath + ": label at index " + i + " (counting from 0): " + problem);
                    }
                }
            }
            return new Dataset(featuresPath + ", " + targetsPath, count, featureSize, features, target.size(), targets);
        }
    }

    /** Reads an examples file alone, for prediction. */
    static Dataset readFeatures(DataFiles.Opened file, int featureSize, double scale) {
        NpyReader x = NpyReader.open(file);
        int count = checkExamples(x, featureSize);
        return new Dataset(file.path(), count, featureSize, x.readAll(scale), 0, new float[0]);
    }

    private static int checkExamples(NpyReader x, int featureSize) {
        long perExample = x.valuesPerExample();
        if (perExample != featureSize) {
            throw new DataException(x.path + ": each example has " + perExample + (perExample == 1 ? " value" : " values")
                    + " (shape " + x.dimsText() + ", the first dimension counting examples), but the model's input"
                    + " takes " + featureSize + " numbers");
        }
        if (x.dims[0] == 0) {
            throw new DataException(x.path + ": holds no examples (shape " + x.dimsText() + ")");
        }
        return x.dims[0];
    }
}
