package dnnc.compiler.codegen;

/** A count known at compile time up to the batch size: {@code factor}, times n when {@code perExample}. */
public record Extent(int factor, boolean perExample) {

    public static Extent of(int factor) {
        return new Extent(factor, false);
    }

    public int value(int batch) {
        return perExample ? factor * batch : factor;
    }

    public Extent times(int k) {
        return new Extent(Math.multiplyExact(factor, k), perExample);
    }

    @Override
    public String toString() {
        return perExample ? (factor == 1 ? "n" : "n*" + factor) : Integer.toString(factor);
    }
}
