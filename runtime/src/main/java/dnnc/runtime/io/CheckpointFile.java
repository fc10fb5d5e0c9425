package dnnc.runtime.io;

import dnnc.runtime.Evaluation;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.data.Standardization;
import dnnc.runtime.train.EarlyStopping;
import dnnc.runtime.train.EpochStats;
import dnnc.runtime.train.Optimizer;
import dnnc.runtime.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Everything needed to continue a training run exactly where it stopped, written atomically after an epoch.
 * Big-endian, in this order:
 * <pre>
 *   bytes[4] "DNNC", int version 1
 *   string   the model description ({@link ModelSpec#toText()}) with the run's actual training settings
 *   int      epochs done; byte 1 when early stopping has ended the run; long shuffle generator state
 *   arrays   the parameters; byte 1 + mean and std arrays when the input is standardized, else 0
 *   long     optimizer steps; arrays: the optimizer's state
 *   byte     1 when early stopping is on, then: double best, int best epoch, int epochs waited, arrays
 *   int      history length, then per epoch: int epoch, double lr, three evaluations (train, validation, test:
 *            byte present, then double loss, accuracy, mse, mae (NaN for none), int examples), double seconds,
 *            double samples/s
 *   long     CRC32 of every byte before it
 * </pre>
 * "arrays" is an int count and then each float array as an int length and its values; a string is an int byte
 * count and UTF-8 bytes. The whole file is checked (checksum, model, sizes) before anything is changed.
 */
public final class CheckpointFile {
    private static final byte[] MAGIC = "DNNC".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private CheckpointFile() {
    }

    public static void save(Trainer trainer, Path path) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Model model = trainer.model();
        out.write(MAGIC);
        out.writeInt(VERSION);
        ModelSpec s = model.spec();
        string(out, new ModelSpec(s.name(), s.slots(), s.input(), s.target(), s.outputs(), s.lossSlot(), s.params(),
                trainer.settings(), s.data()).toText());
        out.writeInt(trainer.history().size());
        out.writeBoolean(trainer.stopped());
        out.writeLong(trainer.rng().state());
        arrays(out, model.copyParameters());
        Standardization st = model.standardization();
        out.writeBoolean(st != null);
        if (st != null) {
            arrays(out, new float[][] {st.mean(), st.std()});
        }
        Optimizer o = trainer.optimizer();
        out.writeLong(o.steps());
        arrays(out, o.state());
        EarlyStopping es = trainer.earlyStopping();
        out.writeBoolean(es != null);
        if (es != null) {
            out.writeDouble(es.best());
            out.writeInt(es.bestEpoch());
            out.writeInt(es.waited());
            arrays(out, es.bestParameters() == null ? new float[0][] : es.bestParameters());
        }
        out.writeInt(trainer.history().size());
        for (EpochStats e : trainer.history()) {
            out.writeInt(e.epoch());
            out.writeDouble(e.lr());
            for (Evaluation ev : new Evaluation[] {e.train(), e.validation(), e.test()}) {
                evaluation(out, ev);
            }
            out.writeDouble(e.seconds());
            out.writeDouble(e.samplesPerSecond());
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        AtomicFiles.write(path, stream -> bytes.writeTo(stream));
    }

    /** The training settings stored in a checkpoint (read before the trainer is made, to make it alike). */
    public static ModelSpec.Train settings(Model model, Path path) throws IOException {
        return new Reader(path, read(path)).header(model);
    }

    /**
     * Restores {@code trainer} (made with {@link #settings}) and its model to the state of the checkpoint.
     */
    public static void restore(Trainer trainer, Path path) throws IOException {
        Reader r = new Reader(path, read(path));
        try {
            restore(trainer, r);
        } catch (BufferUnderflowException e) {
            throw r.fail("is damaged (it ends too early)");
        }
    }

    private static void restore(Trainer trainer, Reader r) throws IOException {
        Model model = trainer.model();
        r.header(model);
        int epochs = r.in.getInt();
        boolean stopped = r.in.get() != 0;
        long rngState = r.in.getLong();
        float[][] params = r.arrays();
        Standardization st = null;
        if (r.in.get() != 0) {
            float[][] ms = r.arrays();
            st = new Standardization(ms[0], ms[1]);
        }
        long steps = r.in.getLong();
        float[][] state = r.arrays();
        float[][] live = trainer.optimizer().state();
        r.sameSizes(state, live, "optimizer state");
        EarlyStopping es = trainer.earlyStopping();
        boolean hasStopping = r.in.get() != 0;
        if (hasStopping != (es != null)) {
            throw r.fail("does not match the run's early-stopping setting");
        }
        double best = 0;
        int bestEpoch = 0;
        int waited = 0;
        float[][] bestParams = null;
        if (hasStopping) {
            best = r.in.getDouble();
            bestEpoch = r.in.getInt();
            waited = r.in.getInt();
            bestParams = r.arrays();
            bestParams = bestParams.length == 0 ? null : bestParams;
        }
        int count = r.in.getInt();
        if (count != epochs || count < 0 || count > r.in.remaining()) {
            throw r.fail("is damaged (its history does not match its epoch count)");
        }
        List<EpochStats> history = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            history.add(new EpochStats(r.in.getInt(), r.in.getDouble(), r.evaluation(), r.evaluation(), r.evaluation(),
                    r.in.getDouble(), r.in.getDouble()));
        }
        try {
            model.setParameters(params);
            if (bestParams != null) {
                r.sameSizes(bestParams, params, "best parameters");
            }
            model.setStandardization(st);
        } catch (IllegalArgumentException e) {
            throw r.fail("does not fit the model: " + e.getMessage());
        }
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(state[i], 0, live[i], 0, live[i].length);
        }
        trainer.optimizer().setSteps(steps);
        trainer.rng().setState(rngState);
        if (es != null) {
            es.restore(best, bestEpoch, waited, bestParams);
        }
        trainer.restore(history, stopped);
    }

    private static byte[] read(Path path) throws IOException {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new WeightsFileException("checkpoint " + path + " does not exist");
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void arrays(DataOutputStream out, float[][] arrays) throws IOException {
        out.writeInt(arrays.length);
        for (float[] a : arrays) {
            out.writeInt(a.length);
            WeightsFile.writeFloats(out, a);
        }
    }

    private static void evaluation(DataOutputStream out, Evaluation e) throws IOException {
        out.writeBoolean(e != null);
        if (e != null) {
            out.writeDouble(e.loss());
            out.writeDouble(e.accuracy() == null ? Double.NaN : e.accuracy());
            out.writeDouble(e.mse() == null ? Double.NaN : e.mse());
            out.writeDouble(e.mae() == null ? Double.NaN : e.mae());
            out.writeInt(e.examples());
        }
    }

    /** Reads a checkpoint held in memory; every size is checked against the bytes left. */
    private static final class Reader {
        final Path path;
        final ByteBuffer in;

        Reader(Path path, byte[] bytes) throws WeightsFileException {
            this.path = path;
            if (bytes.length < MAGIC.length + 4 + 8 || !Arrays.equals(Arrays.copyOf(bytes, 4), MAGIC)) {
                throw fail("is not a dnnc checkpoint");
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, bytes.length - 8);
            if (ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong() != crc.getValue()) {
                throw fail("is damaged or truncated (checksum mismatch)");
            }
            this.in = ByteBuffer.wrap(bytes, 4, bytes.length - 12).slice();
        }

        ModelSpec.Train header(Model model) throws WeightsFileException {
            try {
                int version = in.getInt();
                if (version != VERSION) {
                    throw fail("has format version " + version + "; this runtime reads version " + VERSION);
                }
                int length = size(1);
                byte[] text = new byte[length];
                in.get(text);
                ModelSpec spec = ModelSpec.parse(new String(text, StandardCharsets.UTF_8));
                if (!spec.name().equals(model.name())
                        || WeightsFile.fingerprint(spec.params()) != WeightsFile.fingerprint(model.spec().params())) {
                    throw fail("was written by model '" + spec.name() + "' with other parameters, not by '"
                            + model.name() + "'");
                }
                return spec.train();
            } catch (BufferUnderflowException | BufferOverflowException | IllegalArgumentException e) {
                throw fail("is damaged (" + e + ")");
            }
        }

        float[][] arrays() throws WeightsFileException {
            float[][] a = new float[size(4)][];
            for (int i = 0; i < a.length; i++) {
                a[i] = new float[size(4)];
                in.asFloatBuffer().get(a[i]);
                in.position(in.position() + 4 * a[i].length);
            }
            return a;
        }

        Evaluation evaluation() {
            if (in.get() == 0) {
                return null;
            }
            double loss = in.getDouble();
            double acc = in.getDouble();
            double mse = in.getDouble();
            double mae = in.getDouble();
            return new Evaluation(loss, nullIfNaN(acc), in.getInt(), nullIfNaN(mse), nullIfNaN(mae));
        }

        /** A count read from the file, which must fit in the bytes left at {@code bytesEach} bytes each. */
        int size(int bytesEach) throws WeightsFileException {
            int n = in.getInt();
            if (n < 0 || (long) n * bytesEach > in.remaining()) {
                throw fail("is damaged or truncated (a size of " + n + " does not fit)");
            }
            return n;
        }

        void sameSizes(float[][] a, float[][] b, String what) throws WeightsFileException {
            boolean same = a.length == b.length;
            for (int i = 0; same && i < a.length; i++) {
                same = a[i].length == b[i].length;
            }
            if (!same) {
                throw fail("has " + what + " of other sizes than this run (was it written with other settings?)");
            }
        }

        WeightsFileException fail(String what) {
            return new WeightsFileException("checkpoint " + path + " " + what);
        }

        private static Double nullIfNaN(double v) {
            return Double.isNaN(v) ? null : v;
        }
    }
}
