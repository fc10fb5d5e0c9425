package dnnc.runtime.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens data files: checks that they exist and can be read, and undoes gzip compression when the content says
 * so (the magic bytes 1f 8b, not the file name: downloaded files are often renamed or already unpacked).
 * Every reader then sees plain bytes through one buffered stream, which keeps bulk reads fast.
 */
final class DataFiles {
    /** Large buffers: GZIPInputStream inflates far faster in big blocks than a few bytes at a time. */
    static final int BUFFER_SIZE = 1 << 16;

    private DataFiles() {
    }

    /**
     * An open data file. {@code in} delivers the plain (decompressed) bytes and supports mark/reset;
     * {@code length} is the size on disk, which bounds the content only when the file is not {@code gzipped}.
     */
    record Opened(String path, InputStream in, boolean gzipped, long length) implements Closeable {
        @Override
        public void close() {
            closeQuietly(in);
        }
    }

    static Opened open(String path) {
        if (path == null || path.isBlank()) {
            throw new DataException("no data file given (the path is empty)");
        }
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new DataException(path + ": not a valid file path (" + e.getReason() + ")");
        }
        if (!Files.exists(file)) {
            String where = file.isAbsolute() ? "" : " (looked in " + Path.of("").toAbsolutePath() + ")";
            throw new DataException(path + ": file not found" + where);
        }
        if (Files.isDirectory(file)) {
            throw new DataException(path + ": is a directory, expected a data file");
        }
        if (!Files.isReadable(file)) {
            throw new DataException(path + ": file cannot be read (permission denied)");
        }
        InputStream raw = null;
        try {
            long length = Files.size(file);
            if (length == 0) {
                throw new DataException(path + ": file is empty");
            }
            raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                InputStream inflated = new GZIPInputStream(raw, BUFFER_SIZE);
                return new Opened(path, new BufferedInputStream(inflated, BUFFER_SIZE), true, length);
            }
            return new Opened(path, raw, false, length);
        } catch (IOException e) {
            closeQuietly(raw);
            throw readFailure(path, e);
        } catch (RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    /** Turns an I/O failure while reading {@code path} into a message saying what is wrong with the file. */
    static DataException readFailure(String path, IOException e) {
        if (e instanceof ZipException) {
            return new DataException(path + ": corrupted gzip data (" + e.getMessage() + ")", e);
        }
        if (e instanceof EOFException) {
            // Only GZIPInputStream throws this here: plain reads report the end of the file by their count.
            return new DataException(path + ": gzip data ends unexpectedly (the file is truncated)", e);
        }
        if (e instanceof AccessDeniedException) {
            return new DataException(path + ": file cannot be read (permission denied)", e);
        }
        return new DataException(path + ": file cannot be read (" + e.getMessage() + ")", e);
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Nothing useful to do: the data has been read or the read has already failed.
            }
        }
    }
}
