package dnnc.runtime.cli;

/** A mistake on the command line: unknown command or option, or a missing or malformed value. Exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
