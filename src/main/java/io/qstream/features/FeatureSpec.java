package io.qstream.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What features to compute: {@code type} ("fbank" or "mfcc") and every Kaldi option of that type, by Kaldi's
 * kebab-case names. Defaults and meanings are documented once, on {@link FrameExtractionOptions},
 * {@link MelBanksOptions}, {@link FbankOptions} and {@link MfccOptions}; they are Kaldi's except dither = 0.
 *
 * <p>The map form ({@link #fromMap}/{@link #toMap}) is what model files store under "features" and what YAML
 * pipeline specs hold; {@link #fromOptions} takes command-line style strings ({@code "--num-mel-bins" -> "80"}).
 * Immutable: the accessors hand out copies of the option structs.
 */
public final class FeatureSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Type names. */
    public static final String FBANK = "fbank";
    public static final String MFCC = "mfcc";

    private final FbankOptions fbank;  // exactly one of fbank / mfcc is non-null
    private final MfccOptions mfcc;

    private FeatureSpec(FbankOptions fbank, MfccOptions mfcc) {
        this.fbank = fbank;
        this.mfcc = mfcc;
        if (fbank != null) fbank.validate(); else mfcc.validate();
    }

    /** Fbank with these options (copied, validated). */
    public static FeatureSpec fbank(FbankOptions opts) { return new FeatureSpec(opts.copy(), null); }

    /** MFCC with these options (copied, validated). */
    public static FeatureSpec mfcc(MfccOptions opts) { return new FeatureSpec(null, opts.copy()); }

    /** Kaldi's defaults (dither 0) for {@code type} "fbank" or "mfcc". */
    public static FeatureSpec defaults(String type) {
        return fromMap(Map.of("type", type));
    }

    public String type() { return fbank != null ? FBANK : MFCC; }

    public boolean isMfcc() { return mfcc != null; }

    /** Columns of a feature row. */
    public int dim() { return fbank != null ? fbank.dim() : mfcc.dim(); }

    /** "sample-frequency", Hz. */
    public int sampleRate() { return (int) Math.round(frame().sampFreq); }

    /** Frame shift in samples (160 by default). */
    public int frameShiftSamples() { return frame().windowShift(); }

    /** Frame length in samples (400 by default). */
    public int frameLengthSamples() { return frame().windowSize(); }

    /** Frame shift in seconds. */
    public double frameShiftSeconds() { return frameShiftSamples() / frame().sampFreq; }

    /** A copy of the frame options. */
    public FrameExtractionOptions frameOptions() { return frame().copy(); }

    /** A copy of the mel bank options. */
    public MelBanksOptions melOptions() { return mel().copy(); }

    /** A copy of the fbank options; IllegalStateException for an mfcc spec. */
    public FbankOptions fbankOptions() {
        if (fbank == null) throw new IllegalStateException("feature spec is mfcc, not fbank");
        return fbank.copy();
    }

    /** A copy of the mfcc options; IllegalStateException for an fbank spec. */
    public MfccOptions mfccOptions() {
        if (mfcc == null) throw new IllegalStateException("feature spec is fbank, not mfcc");
        return mfcc.copy();
    }

    FrameExtractionOptions frame() { return fbank != null ? fbank.frameOpts : mfcc.frameOpts; }

    MelBanksOptions mel() { return fbank != null ? fbank.melOpts : mfcc.melOpts; }

    // ---- map form ------------------------------------------------------------------------------------------------

    private enum Kind { INT, LONG, DOUBLE, BOOL, STRING }

    private enum Scope { ALL, FBANK, MFCC }

    private record Option(String key, Kind kind, Scope scope, Function<FeatureSpec, Object> get,
                          BiConsumer<FeatureSpec, Object> set) {}

    private static final List<Option> OPTIONS = new ArrayList<>();

    private static void opt(String key, Kind kind, Scope scope, Function<FeatureSpec, Object> get,
                            BiConsumer<FeatureSpec, Object> set) {
        OPTIONS.add(new Option(key, kind, scope, get, set));
    }

    static {
        // FrameExtractionOptions
        opt("sample-frequency", Kind.DOUBLE, Scope.ALL, s -> s.frame().sampFreq, (s, v) -> s.frame().sampFreq = (Double) v);
        opt("frame-length", Kind.DOUBLE, Scope.ALL, s -> s.frame().frameLengthMs, (s, v) -> s.frame().frameLengthMs = (Double) v);
        opt("frame-shift", Kind.DOUBLE, Scope.ALL, s -> s.frame().frameShiftMs, (s, v) -> s.frame().frameShiftMs = (Double) v);
        opt("dither", Kind.DOUBLE, Scope.ALL, s -> s.frame().dither, (s, v) -> s.frame().dither = (Double) v);
        opt("dither-seed", Kind.LONG, Scope.ALL, s -> s.frame().ditherSeed, (s, v) -> s.frame().ditherSeed = (Long) v);
        opt("preemphasis-coefficient", Kind.DOUBLE, Scope.ALL, s -> s.frame().preemphCoeff, (s, v) -> s.frame().preemphCoeff = (Double) v);
        opt("remove-dc-offset", Kind.BOOL, Scope.ALL, s -> s.frame().removeDcOffset, (s, v) -> s.frame().removeDcOffset = (Boolean) v);
        opt("window-type", Kind.STRING, Scope.ALL, s -> s.frame().windowType, (s, v) -> s.frame().windowType = (String) v);
        opt("round-to-power-of-two", Kind.BOOL, Scope.ALL, s -> s.frame().roundToPowerOfTwo, (s, v) -> s.frame().roundToPowerOfTwo = (Boolean) v);
        opt("blackman-coeff", Kind.DOUBLE, Scope.ALL, s -> s.frame().blackmanCoeff, (s, v) -> s.frame().blackmanCoeff = (Double) v);
        opt("snip-edges", Kind.BOOL, Scope.ALL, s -> s.frame().snipEdges, (s, v) -> s.frame().snipEdges = (Boolean) v);
        // MelBanksOptions
        opt("num-mel-bins", Kind.INT, Scope.ALL, s -> s.mel().numBins, (s, v) -> s.mel().numBins = (Integer) v);
        opt("low-freq", Kind.DOUBLE, Scope.ALL, s -> s.mel().lowFreq, (s, v) -> s.mel().lowFreq = (Double) v);
        opt("high-freq", Kind.DOUBLE, Scope.ALL, s -> s.mel().highFreq, (s, v) -> s.mel().highFreq = (Double) v);
        opt("vtln-low", Kind.DOUBLE, Scope.ALL, s -> s.mel().vtlnLow, (s, v) -> s.mel().vtlnLow = (Double) v);
        opt("vtln-high", Kind.DOUBLE, Scope.ALL, s -> s.mel().vtlnHigh, (s, v) -> s.mel().vtlnHigh = (Double) v);
        opt("vtln-warp", Kind.DOUBLE, Scope.ALL, s -> s.mel().vtlnWarp, (s, v) -> s.mel().vtlnWarp = (Double) v);
        opt("htk-mode", Kind.BOOL, Scope.ALL, s -> s.mel().htkMode, (s, v) -> s.mel().htkMode = (Boolean) v);
        // FbankOptions / MfccOptions shared names
        opt("use-energy", Kind.BOOL, Scope.ALL, s -> s.fbank != null ? s.fbank.useEnergy : s.mfcc.useEnergy,
                (s, v) -> { if (s.fbank != null) s.fbank.useEnergy = (Boolean) v; else s.mfcc.useEnergy = (Boolean) v; });
        opt("energy-floor", Kind.DOUBLE, Scope.ALL, s -> s.fbank != null ? s.fbank.energyFloor : s.mfcc.energyFloor,
                (s, v) -> { if (s.fbank != null) s.fbank.energyFloor = (Double) v; else s.mfcc.energyFloor = (Double) v; });
        opt("raw-energy", Kind.BOOL, Scope.ALL, s -> s.fbank != null ? s.fbank.rawEnergy : s.mfcc.rawEnergy,
                (s, v) -> { if (s.fbank != null) s.fbank.rawEnergy = (Boolean) v; else s.mfcc.rawEnergy = (Boolean) v; });
        opt("htk-compat", Kind.BOOL, Scope.ALL, s -> s.fbank != null ? s.fbank.htkCompat : s.mfcc.htkCompat,
                (s, v) -> { if (s.fbank != null) s.fbank.htkCompat = (Boolean) v; else s.mfcc.htkCompat = (Boolean) v; });
        // FbankOptions only
        opt("use-log-fbank", Kind.BOOL, Scope.FBANK, s -> s.fbank.useLogFbank, (s, v) -> s.fbank.useLogFbank = (Boolean) v);
        opt("use-power", Kind.BOOL, Scope.FBANK, s -> s.fbank.usePower, (s, v) -> s.fbank.usePower = (Boolean) v);
        // MfccOptions only
        opt("num-ceps", Kind.INT, Scope.MFCC, s -> s.mfcc.numCeps, (s, v) -> s.mfcc.numCeps = (Integer) v);
        opt("cepstral-lifter", Kind.DOUBLE, Scope.MFCC, s -> s.mfcc.cepstralLifter, (s, v) -> s.mfcc.cepstralLifter = (Double) v);
    }

    /** Every option name for {@code type} ("fbank" or "mfcc"), "type" first. */
    public static List<String> optionNames(String type) {
        Scope scope = scopeOf(type);
        List<String> names = new ArrayList<>();
        names.add("type");
        for (Option o : OPTIONS) if (o.scope == Scope.ALL || o.scope == scope) names.add(o.key);
        return Collections.unmodifiableList(names);
    }

    /**
     * The spec for a map {@code {"type": "fbank"|"mfcc", kaldi-option: value, ...}}; missing options take their
     * defaults, a missing type is "fbank". Values may be typed (Number, Boolean, String) or strings to parse.
     *
     * @throws IllegalArgumentException naming the key for an unknown option, an option of the other type, a value of
     *         the wrong type or an invalid value
     */
    public static FeatureSpec fromMap(Map<String, ?> map) {
        Object typeValue = map.containsKey("type") ? map.get("type") : FBANK;
        if (!(typeValue instanceof String)) {
            throw new IllegalArgumentException("feature option type=" + typeValue + ": must be \"fbank\" or \"mfcc\"");
        }
        Scope scope = scopeOf((String) typeValue);
        FbankOptions f = scope == Scope.FBANK ? new FbankOptions() : null;
        MfccOptions c = scope == Scope.MFCC ? new MfccOptions() : null;
        FeatureSpec draft = new FeatureSpec(f, c, false);
        for (Map.Entry<String, ?> e : map.entrySet()) {
            String key = e.getKey();
            if (key.equals("type")) continue;
            Option o = find(key);
            if (o.scope != Scope.ALL && o.scope != scope) {
                throw new IllegalArgumentException("feature option " + key + " applies to type "
                        + o.scope.name().toLowerCase(Locale.ROOT) + ", not " + typeValue);
            }
            o.set.accept(draft, convert(o, e.getValue()));
        }
        return new FeatureSpec(draft.fbank, draft.mfcc);
    }

    /**
     * The spec for command-line style options: keys with or without a leading "--" ({@code "--num-mel-bins"}),
     * string values parsed to the option's type ("80", "true", "hamming"); a null or empty value of a boolean option
     * means true (a bare flag). "type" selects fbank/mfcc.
     */
    public static FeatureSpec fromOptions(Map<String, String> options) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey().startsWith("--") ? e.getKey().substring(2) : e.getKey();
            String value = e.getValue();
            if (!key.equals("type") && (value == null || value.isEmpty())) {
                Option o = find(key);
                if (o.kind != Kind.BOOL) {
                    throw new IllegalArgumentException("feature option " + key + ": needs a value");
                }
                value = "true";
            }
            if (map.put(key, value) != null) throw new IllegalArgumentException("feature option " + key + " given twice");
        }
        return fromMap(map);
    }

    /** Every option of this spec's type with its value ("type" first); {@code fromMap(toMap())} equals this. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type());
        Scope scope = scopeOf(type());
        for (Option o : OPTIONS) if (o.scope == Scope.ALL || o.scope == scope) map.put(o.key, o.get.apply(this));
        return map;
    }

    private FeatureSpec(FbankOptions fbank, MfccOptions mfcc, boolean validate) {
        this.fbank = fbank;
        this.mfcc = mfcc;
    }

    private static Scope scopeOf(String type) {
        if (FBANK.equals(type)) return Scope.FBANK;
        if (MFCC.equals(type)) return Scope.MFCC;
        throw new IllegalArgumentException("feature option type=" + type + ": must be \"fbank\" or \"mfcc\"");
    }

    private static Option find(String key) {
        for (Option o : OPTIONS) if (o.key.equals(key)) return o;
        List<String> known = new ArrayList<>();
        known.add("type");
        for (Option o : OPTIONS) known.add(o.key);
        throw new IllegalArgumentException("unknown feature option '" + key + "' (known: " + String.join(", ", known) + ")");
    }

    private static Object convert(Option o, Object v) {
        String key = o.key;
        if (v == null) throw new IllegalArgumentException("feature option " + key + ": value is null");
        try {
            switch (o.kind) {
                case INT: {
                    long l = toLong(v);
                    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw new NumberFormatException("out of int range");
                    return (int) l;
                }
                case LONG:
                    return toLong(v);
                case DOUBLE: {
                    double d = v instanceof Number ? ((Number) v).doubleValue()
                            : v instanceof String ? Double.parseDouble(((String) v).trim()) : fail(v);
                    if (!Double.isFinite(d)) throw new NumberFormatException("not finite");
                    return d;
                }
                case BOOL: {
                    if (v instanceof Boolean) return v;
                    if (v instanceof String) {
                        String s = ((String) v).trim().toLowerCase(Locale.ROOT);
                        if (s.equals("true") || s.equals("1")) return true;
                        if (s.equals("false") || s.equals("0")) return false;
                    }
                    throw new IllegalArgumentException("feature option " + key + "=" + v + ": expected true or false");
                }
                default:
                    if (v instanceof String) return v;
                    throw new IllegalArgumentException("feature option " + key + "=" + v + ": expected a string");
            }
        } catch (NumberFormatException e) {
            String what = o.kind == Kind.DOUBLE ? "a number" : "an integer";
            throw new IllegalArgumentException("feature option " + key + "=" + v + ": expected " + what, e);
        }
    }

    private static long toLong(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (d != Math.rint(d) || Math.abs(d) > 9.0e15) throw new NumberFormatException("not an integer");
            return (long) d;
        }
        if (v instanceof String) return Long.parseLong(((String) v).trim());
        throw new NumberFormatException("wrong type " + v.getClass().getSimpleName());
    }

    private static double fail(Object v) {
        throw new NumberFormatException("wrong type " + v.getClass().getSimpleName());
    }

    @Override
    public boolean equals(Object o) { return o instanceof FeatureSpec && toMap().equals(((FeatureSpec) o).toMap()); }

    @Override
    public int hashCode() { return toMap().hashCode(); }

    @Override
    public String toString() { return "FeatureSpec" + toMap(); }
}
