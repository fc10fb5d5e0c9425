package dnnc.runtime.data;

/**
 * A data file that cannot be used: missing, truncated, malformed or not matching the model. The message is
 * meant for the user as it is: it names the file (and the row, where there is one) and what was expected.
 */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
