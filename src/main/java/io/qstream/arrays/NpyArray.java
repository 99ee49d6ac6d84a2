package io.qstream.arrays;

import java.util.Arrays;

/**
 * A float32 array of any rank as read from {@code .npy}: its shape (C order) and its values.
 * Loaders check shapes against what they expect and report mismatches with the array's name.
 */
public record NpyArray(int[] shape, float[] data) {
    public NpyArray {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match " + data.length + " values");
        }
    }

    public static NpyArray of(FloatMatrix m) { return new NpyArray(new int[] {m.rows(), m.cols()}, m.data()); }

    public static NpyArray vector(float[] v) { return new NpyArray(new int[] {v.length}, v); }

    public int rank() { return shape.length; }

    public String shapeString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
        return sb.append(']').toString();
    }

    /** This array as a matrix; a rank-1 array becomes one row. */
    public FloatMatrix asMatrix() {
        if (shape.length == 2) return new FloatMatrix(shape[0], shape[1], data);
        if (shape.length == 1) return new FloatMatrix(1, shape[0], data);
        throw new IllegalStateException("array of shape " + shapeString() + " is not 1-D or 2-D");
    }
}
