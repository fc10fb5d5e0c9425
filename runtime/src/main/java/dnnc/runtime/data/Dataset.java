package dnnc.runtime.data;

/**
 * Examples held in memory: {@code size} rows of {@code featureSize} features and {@code targetSize} targets,
 * row-major. Class labels are stored as their integer values in {@code targets} (targetSize 1).
 * {@code source} names where the data came from, for messages.
 */
public record Dataset(String source, int size, int featureSize, float[] features, int targetSize, float[] targets) {
}
