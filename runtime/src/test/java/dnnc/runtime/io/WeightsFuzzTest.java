package dnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dnnc.runtime.Model;
import dnnc.runtime.SoftmaxKernel;
import dnnc.runtime.data.Standardization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds the weights loader thousands of seeded mutations of a valid file: bit flips, overwritten bytes,
 * truncation, extension, and size fields set to absurd values (with and without a checksum that matches
 * the damage). Every load must either succeed with exactly the saved values or throw a
 * {@link WeightsFileException} with a message, leaving the model as it was; never another exception, never
 * an out-of-memory error.
 */
class WeightsFuzzTest {
    private static final int MUTATIONS = 6000;
    private static final int[] ABSURD = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0x7fffff00, 1 << 30, 1 << 24,
            65535, 0x10000, 3, 0};

    @TempDir
    Path dir;

    private static Model model(long seed) {
        Model m = new Model(new SoftmaxKernel(4, 3));
        m.initialize(seed);
        float[] mean = {1, 2, 3, 4};
        float[] std = {0.5f, 1, 2, 4};
        m.setStandardization(new Standardization(mean, std));
        return m;
    }

    /** Offsets of the int (and u16 length) fields of the file {@link #model} saves, found by walking it. */
    private static List<int[]> sizeFields(byte[] file) {
        List<int[]> fields = new ArrayList<>();   // {offset, bytes}
        ByteBuffer b = ByteBuffer.wrap(file);
        b.position(4);
        fields.add(new int[] {b.position(), 4});   // version
        b.getInt();
        fields.add(new int[] {b.position(), 2});   // name length
        b.position(b.position() + 2 + (b.getShort(b.position()) & 0xffff));
        b.getLong();
        fields.add(new int[] {b.position(), 4});   // count
        int count = b.getInt();
        for (int i = 0; i < count; i++) {
            fields.add(new int[] {b.position(), 2});
            b.position(b.position() + 2 + (b.getShort(b.position()) & 0xffff));
            fields.add(new int[] {b.position(), 4});   // rank
            int rank = b.getInt();
            long size = 1;
            for (int k = 0; k < rank; k++) {
                fields.add(new int[] {b.position(), 4});
                size *= b.getInt();
            }
            b.position(b.position() + (int) size * 4);
        }
        fields.add(new int[] {b.position(), 4});   // standardized?
        b.getInt();
        fields.add(new int[] {b.position(), 4});   // feature count
        return fields;
    }

    private static void fixChecksum(byte[] file) {
        if (file.length >= 8) {
            CRC32 crc = new CRC32();
            crc.update(file, 0, file.length - 8);
            ByteBuffer.wrap(file).putLong(file.length - 8, crc.getValue());
        }
    }

    @Test
    void mutatedFilesLoadExactlyOrFailCleanly() throws IOException {
        Model source = model(1);
        Path valid = dir.resolve("valid.weights");
        WeightsFile.save(source, valid);
        byte[] original = Files.readAllBytes(valid);
        List<int[]> fields = sizeFields(original);
        Path mutated = dir.resolve("mutated.weights");
        SplittableRandom random = new SplittableRandom(20261127);
        int loaded = 0;
        int refused = 0;
        for (int trial = 0; trial < MUTATIONS; trial++) {
            byte[] bytes = original.clone();
            int kind = random.nextInt(6);
            switch (kind) {
                case 0 -> {
                    for (int k = 1 + random.nextInt(4); k > 0; k--) {
                        int bit = random.nextInt(bytes.length * 8);
                        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                    }
                }
                case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case 3 -> {
                    int extra = 1 + random.nextInt(64);
                    bytes = Arrays.copyOf(bytes, bytes.length + extra);
                    for (int i = bytes.length - extra; i < bytes.length; i++) {
                        bytes[i] = (byte) random.nextInt(256);
                    }
                }
                default -> {
                    int[] field = fields.get(random.nextInt(fields.size()));
                    int value = ABSURD[random.nextInt(ABSURD.length)];
                    if (field[1] == 2) {
                        ByteBuffer.wrap(bytes).putShort(field[0], (short) value);
                    } else {
                        ByteBuffer.wrap(bytes).putInt(field[0], value);
                    }
                }
            }
            boolean checksumFixed = kind >= 4 || random.nextInt(4) == 0;
            if (checksumFixed) {
                fixChecksum(bytes);
            }
            byte[] content = bytes;
            String what = "trial " + trial + " (mutation " + kind + (checksumFixed ? ", checksum fixed" : "") + ")";
            boolean ok = tryLoad(source, content, checksumFixed, what,
                    m -> WeightsFile.load(m, new ByteArrayInputStream(content), "stream"));
            if (trial % 6 == 0) {   // writing files is slow; a sixth of the trials also load from a file
                Files.write(mutated, bytes);
                boolean fromFile = tryLoad(source, content, checksumFixed, what + " from a file",
                        m -> WeightsFile.load(m, mutated));
                assertEquals(ok, fromFile, what + ": a file and a stream of the same bytes are judged alike");
            }
            if (ok) {
                loaded++;
            } else {
                refused++;
            }
        }
        assertEquals(MUTATIONS, loaded + refused);
        assertTrue(refused > MUTATIONS * 9 / 10, "only " + refused + " of " + MUTATIONS + " mutations were refused");
    }

    private interface Load {
        void into(Model m) throws IOException;
    }

    /** Loads into a fresh model; true when it loaded. */
    private static boolean tryLoad(Model source, byte[] bytes, boolean checksumFixed, String what, Load load) {
        Model target = new Model(source.kernel(), source.spec());
        target.initialize(2);
        float[][] before = target.copyParameters();
        try {
            load.into(target);
        } catch (WeightsFileException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith("weights file "), what + ": " + e);
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], target.parameter(i), what + " changed the model although it failed");
            }
            assertNull(target.standardization(), what + " changed the standardization although it failed");
            return false;
        } catch (Throwable e) {
            fail(what + ": expected WeightsFileException, got " + e, e);
        }
        if (!checksumFixed) {   // damage that the checksum does not catch is only possible where nothing changed
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(source.parameter(i), target.parameter(i), what + " loaded different values");
            }
            assertArrayEquals(source.standardization().mean(), target.standardization().mean(), what);
        }
        return true;
    }

    @Test
    void anEndlessStreamIsRefusedAfterTheLongestPossibleFile() {
        Model m = model(1);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 7;
            }
        };
        WeightsFileException e = assertThrows(WeightsFileException.class, () -> WeightsFile.load(m, endless, "endless"));
        assertTrue(e.getMessage().contains("longer than any weights file for model 'softmax'"), e.getMessage());
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsRead() throws IOException {
        Model m = model(1);
        Path big = dir.resolve("big.weights");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 33);   // sparse: 8 GB that take no disk
        }
        WeightsFileException e = assertThrows(WeightsFileException.class, () -> WeightsFile.load(m, big));
        assertTrue(e.getMessage().contains("has 8589934592 bytes; a weights file for model 'softmax' has at most"),
                e.getMessage());
    }
}
