package dnnc.runtime.io;

import java.io.IOException;

/** A weights file that cannot be used; the message names the file and what is wrong with it. */
public class WeightsFileException extends IOException {
    public WeightsFileException(String message) {
        super(message);
    }
}
