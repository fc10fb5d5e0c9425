package dnnc.runtime.data;

/** Checks class labels: a label must be a whole number in [0, classes), as the model's loss indexes by it. */
final class Labels {
    private Labels() {
    }

    /**
     * Null if {@code value} is a valid class number for a model with {@code classes} classes; otherwise the
     * complaint, as "expected ..., found ...", for the caller to prefix with where the value was found.
     */
    static String problem(double value, int classes) {
        boolean whole = !Double.isNaN(value) && !Double.isInfinite(value) && value == Math.rint(value);
        if (whole && value >= 0 && value < classes) {
            return null;
        }
        return expected(classes) + ", found " + format(value);
    }

    /** What a label must be, for messages. */
    static String expected(int classes) {
        return "expected a class number from 0 to " + (classes - 1) + " (the model has " + classes + " classes)";
    }

    /** A number as people write it: 12, not 12.0. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
