package io.qstream.qrnn;

import java.util.Locale;

/**
 * QRNN pooling variants (Bradbury et al. 2016) and how many gate blocks each needs.
 * The row blocks of a layer's convolution weight are Z, F, O, I in that order, so f-pooling uses
 * {Z, F}, fo-pooling {Z, F, O} and ifo-pooling {Z, F, O, I}.
 */
public enum Pooling {
    /** h_t = f⊙h_{t−1} + (1−f)⊙z. */
    F,
    /** c_t = f⊙c_{t−1} + (1−f)⊙z, h_t = o⊙c_t. */
    FO,
    /** c_t = f⊙c_{t−1} + i⊙z, h_t = o⊙c_t. */
    IFO;

    /** Number of gate blocks G: 2 (f), 3 (fo) or 4 (ifo). */
    public int gates() {
        return switch (this) {
            case F -> 2;
            case FO -> 3;
            case IFO -> 4;
        };
    }

    /** The name used in model.json: "f", "fo" or "ifo". */
    public String jsonName() { return name().toLowerCase(Locale.ROOT); }

    /** Parses "f", "fo" or "ifo" (case-insensitive); anything else is an IllegalArgumentException naming it. */
    public static Pooling parse(String s) {
        if (s != null) {
            for (Pooling p : values()) {
                if (p.jsonName().equalsIgnoreCase(s.trim())) return p;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + s + "', expected one of f, fo, ifo");
    }
}
