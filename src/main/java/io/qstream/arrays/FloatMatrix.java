package io.qstream.arrays;

import java.util.Arrays;

/**
 * A dense float32 matrix stored row-major, the in-memory form of a 2-D {@code .npy} array
 * ({@code [rows, cols]}). Vectors are matrices with one row when written as 1-D arrays.
 */
public final class FloatMatrix {
    private final int rows;
    private final int cols;
    private final float[] data;

    /** Wraps {@code data} (not copied); its length must be {@code rows * cols}. */
    public FloatMatrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "shape [" + rows + ", " + cols + "] does not match " + data.length + " values");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public static FloatMatrix zeros(int rows, int cols) {
        return new FloatMatrix(rows, cols, new float[Math.multiplyExact(rows, cols)]);
    }

    /** Copies the rows of a {@code float[rows][cols]} array; every row must have length {@code cols}. */
    public static FloatMatrix fromRows(float[][] rowsArray, int cols) {
        float[] flat = new float[Math.multiplyExact(rowsArray.length, cols)];
        for (int r = 0; r < rowsArray.length; r++) {
            if (rowsArray[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rowsArray[r].length + " values, expected " + cols);
            }
            System.arraycopy(rowsArray[r], 0, flat, r * cols, cols);
        }
        return new FloatMatrix(rowsArray.length, cols, flat);
    }

    /** Stacks matrices of {@code cols} columns vertically (an empty list gives {@code [0, cols]}). */
    public static FloatMatrix concatRows(java.util.List<FloatMatrix> parts, int cols) {
        int total = 0;
        for (FloatMatrix p : parts) {
            if (p.cols != cols && p.rows > 0) {
                throw new IllegalArgumentException("cannot stack " + p + " under rows of " + cols + " columns");
            }
            total += p.rows;
        }
        float[] flat = new float[Math.multiplyExact(total, cols)];
        int o = 0;
        for (FloatMatrix p : parts) {
            System.arraycopy(p.data, 0, flat, o, p.data.length);
            o += p.data.length;
        }
        return new FloatMatrix(total, cols, flat);
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    /** The backing row-major array (not a copy). */
    public float[] data() { return data; }

    public float get(int r, int c) { return data[r * cols + c]; }

    /** A copy of row {@code r}. */
    public float[] row(int r) { return Arrays.copyOfRange(data, r * cols, (r + 1) * cols); }

    /** A copy of rows {@code [from, to)}. */
    public FloatMatrix rowRange(int from, int to) {
        return new FloatMatrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    public float[][] toRows() {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) out[r] = row(r);
        return out;
    }

    @Override
    public String toString() { return "FloatMatrix[" + rows + ", " + cols + "]"; }
}
