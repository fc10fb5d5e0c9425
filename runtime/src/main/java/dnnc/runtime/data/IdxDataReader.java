package dnnc.runtime.data;

import dnnc.runtime.ModelSpec;

/**
 * Turns a pair of IDX files (examples, then labels or targets) into a {@link Dataset}, checking their
 * dimensions against the model. Both headers are checked before any data is read, so that a mismatch is
 * reported at once rather than after reading megabytes of images.
 */
final class IdxDataReader {
    private IdxDataReader() {
    }

    static Dataset readExamples(String featuresPath, String targetsPath, int featureSize, ModelSpec.Target target,
            double scale) {
        try (IdxReader x = IdxReader.open(featuresPath); IdxReader y = IdxReader.open(targetsPath)) {
            int count = checkExamples(x, featureSize);
            int examples = y.dims()[0];
            if (examples != count) {
                throw new DataException(targetsPath + ": holds " + examples + " " + (target.isLabel() ? "labels"
                        : "targets") + " (dimensions " + y.dimsText() + "), but " + featuresPath + " holds " + count
                        + " examples");
            }
            long perExample = y.valuesPerExample();
            if (perExample != target.size()) {
                throw new DataException(targetsPath + ": each target has " + perExample
                        + (perExample == 1 ? " value" : " values") + " (dimensions "
                        + y.dimsText() + "), but the model's target " + (target.isLabel() ? "is one class label"
                        : "takes " + target.size() + " numbers"));
            }
            float[] features = x.readAll(scale);
            float[] targets = y.readAll(1.0);
            if (target.isLabel()) {
                checkLabels(targetsPath, targets, target.classes());
            }
            return new Dataset(featuresPath + ", " + targetsPath, count, featureSize, features, target.size(),
                    targets);
        }
    }

    /** Reads an examples file alone, for prediction; closes {@code file}. */
    static Dataset readFeatures(DataFiles.Opened file, int featureSize, double scale) {
        try (IdxReader x = IdxReader.open(file)) {
            int count = checkExamples(x, featureSize);
            return new Dataset(file.path(), count, featureSize, x.readAll(scale), 0, new float[0]);
        }
    }

    /** Checks that the file holds at least one example of {@code featureSize} values; returns the count. */
    private static int checkExamples(IdxReader x, int featureSize) {
        long perExample = x.valuesPerExample();
        if (perExample != featureSize) {
            throw new DataException(x.path() + ": each example has " + perExample
                    + (perExample == 1 ? " value" : " values") + " (dimensions "
                    + x.dimsText() + ", the first counting examples), but the model's input takes " + featureSize
                    + " numbers");
        }
        int count = x.dims()[0];
        if (count == 0) {
            throw new DataException(x.path() + ": holds no examples (dimensions " + x.dimsText() + ")");
        }
        return count;
    }

    private static void checkLabels(String path, float[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            String problem = Labels.problem(labels[i], classes);
            if (problem != null) {
                throw new DataException(path + ": label at index " + i + " (counting from 0): " + problem);
            }
        }
    }
}
