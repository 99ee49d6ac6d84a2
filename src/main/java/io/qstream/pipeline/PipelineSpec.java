package io.qstream.pipeline;

import io.qstream.labels.SegmentMerger;
import io.qstream.media.Track;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.qstream.media.DecodeOptions;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A pipeline as written in {@code pipelines/*.yaml}: typed, with every default stated here and nowhere else.
 * Keys are kebab-case; an unknown key, a value of the wrong type or an invalid value is an error naming the
 * file and the key path ({@link #parse}, {@link #validate}). Checks that need the model and the feature code
 * (model exists, its input size equals the feature dimension) are done by {@link ResolvedPipeline}.
 *
 * <p>Relative paths inside the YAML ({@code model}, {@code inputs[].uri}, {@code sink.path},
 * {@code checkpointing.dir}) are relative to the directory of the YAML file; {@link #parse} makes them absolute.
 * Durations are numbers of seconds or strings with a unit: {@code "20ms"}, {@code "2s"}, {@code "1min"}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class PipelineSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Media inputs; at least one (the CLI's {@code --input} may replace them). */
    public List<Input> inputs = new ArrayList<>();
    /**
     * Feature options (Kaldi names, e.g. {@code type: fbank, num-mel-bins: 40}); null = the feature spec stored
     * in the model, which is what the model was trained on.
     */
    public Map<String, Object> features = null;
    /** Online CMVN of the feature rows before the model. */
    public Cmvn cmvn = new Cmvn();
    /**
     * Model of the audio tracks: directory or .zip (qstream-qrnn/1). Required, unless {@code video-model} is given
     * and no input has an audio track.
     */
    public String model = null;
    /**
     * Model of the video tracks (a shot model with labels none, cut, gradual, e.g. fixtures/models/video-shots);
     * required when an input has a video track.
     */
    public String videoModel = null;
    /**
     * Video feature options ({@code io.qstream.features.video.VideoFeatureSpec}: width, height, fps, hue-bins, ...);
     * null = the spec stored in the video model.
     */
    public Map<String, Object> videoFeatures = null;
    public Labels labels = new Labels();
    public Batch batch = new Batch();
    public Sink sink = new Sink();
    public Checkpointing checkpointing = new Checkpointing();
    /** Parallelism of the job's operators (source, features, model, labels). */
    public int parallelism = 1;

    /** One media input: a file, a glob ({@code dir/*.wav}), a directory (all files in it, sorted) or a URL. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Input implements Serializable {
        private static final long serialVersionUID = 1L;
        /** {@code media} (default: {@code uri} decoded by FFmpeg) or {@code kafka} (raw PCM records, see {@code kafka}). */
        public String type = "media";
        /** Path, glob, directory or URL (rtsp://, rtmp://, udp://, http(s)://). Required for type media. */
        public String uri;
        /** Type kafka: brokers, topic, formats, idle timeout, client properties ({@link KafkaInputSpec}). */
        public KafkaInputSpec kafka;
        /**
         * Stream id in the output; default the URI. For a glob or directory every file's stream id is
         * {@code name/filename} (or the file's path when no name is given).
         */
        public String name;
        /**
         * Delivery speed relative to media time: 0 = as fast as decoding goes (default), 1 = real time (to
         * simulate live inputs from files), 2 = twice real time.
         */
        public double pace = 0;
        /**
         * Which track to label: {@code audio} (default), {@code video}, or {@code both}, which makes two streams,
         * {@code <id>#audio} (labelled by {@code model}) and {@code <id>#video} (labelled by {@code video-model}).
         */
        public String track = "audio";
        public Decode decode = new Decode();
    }

    /**
     * Decoder options, mapped onto {@code io.qstream.media.DecodeOptions} / {@code VideoDecodeOptions}; the audio
     * defaults are taken from DecodeOptions, so they are defined in one place.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Decode implements Serializable {
        private static final long serialVersionUID = 1L;
        private static final DecodeOptions DEFAULTS = new DecodeOptions();
        /**
         * FFmpeg demuxer to force: raw PCM ({@code s16le}, with input-sample-rate and input-channels) or a capture
         * device ({@code alsa}, {@code pulse}, with the device name as uri); null = probe.
         */
        public String format = null;
        /** Raw input only: its sample rate, Hz. */
        public int inputSampleRate = 0;
        /** Raw input only: its channel count. */
        public int inputChannels = 0;
        /** Output sample rate, Hz; must equal the features' sample-frequency. */
        public int sampleRate = DEFAULTS.sampleRate;
        /** Maximum samples per record sent downstream. */
        public int chunkSamples = DEFAULTS.chunkSamples;
        /** Live inputs: read timeout, seconds. */
        public double timeoutSeconds = DEFAULTS.timeoutSeconds;
        /**
         * Live inputs: how many times in a row to reopen the input after it fails (refused, dropped, timed out)
         * before the stream ends with an error record; 0 = never. The count starts again once data flows.
         * Media time continues from the samples received: an outage does not advance it.
         */
        public int reconnectAttempts = 0;
        /** Live inputs: pause before each reconnect, seconds. */
        public double reconnectDelaySeconds = 1;
        /** Extra FFmpeg AVOptions. */
        public Map<String, String> ffmpegOptions = new LinkedHashMap<>();
        /**
         * Video tracks: frame width/height (pixels) the decoder scales to, and frame rate to resample to (0 =
         * native). 0 = taken from the video features (which the model was trained on); another value is an error.
         */
        public int width = 0;
        public int height = 0;
        public double fps = 0;
    }

    /**
     * Kaldi-style causal online CMVN ({@code io.qstream.features.OnlineCmvn}) applied to feature rows before the
     * model: each frame is normalised with the statistics of the last {@code cmn-window} frames up to itself, so
     * it adds no latency. Must match how the model was trained.
     */
    public static final class Cmvn implements Serializable {
        private static final long serialVersionUID = 1L;
        public boolean enabled = false;
        /** Frames in the sliding window. */
        public int cmnWindow = 600;
        /** Also scale to unit variance. */
        public boolean normalizeVariance = false;
    }

    /** What is written: per-frame records (optional) and smoothed segments. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Labels implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Also write one record per frame (stream, frame, t, label, scores). */
        public boolean frames = false;
        /** Labels to cut into segments; null = every label of the model's head. Empty = no segments. */
        public List<String> segmentLabels = null;
        /** Decimal places of scores in the output. */
        public int scoreDecimals = 4;
        /** Audio: segment smoothing. */
        public Smoothing smoothing = new Smoothing();
        /**
         * Video: shots shorter than this are not reported on their own but join the segment before them (a cut
         * is dropped; a short shot inside a gradual transition becomes part of it); 0s keeps every shot. See
         * {@code ShotSegmenter}.
         */
        public String minShot = "0s";
    }

    /** Segment smoothing, see {@link SegmentMerger}. */
    public static final class Smoothing implements Serializable {
        private static final long serialVersionUID = 1L;
        /** A segment opens when the label's score is at least this. */
        public double onThreshold = 0.5;
        /** An open segment closes when the score falls below this; must be &lt;= on-threshold. */
        public double offThreshold = 0.5;
        /** Segments shorter than this are dropped (after bridging gaps). */
        public String minSegment = "0s";
        /** Gaps shorter than this between two segments of a label are bridged. */
        public String minGap = "0s";
    }

    /** Batching of many streams into one model call (see {@code QrnnOperator}). */
    public static final class Batch implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Flush when this many streams have frames waiting. */
        public int maxStreams = 64;
        /** Flush when this many frames (all streams together) are waiting. */
        public int maxFrames = 4096;
        /** Flush at the latest this long after a stream's first waiting frame (processing time). */
        public String maxDelay = "20ms";
    }

    /** Where labels go. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Sink implements Serializable {
        private static final long serialVersionUID = 1L;
        /**
         * {@code stdout} (lines as they come; once each within one process, see {@code io.qstream.flink.StdoutSink}) or {@code file}
         * (Flink's exactly-once FileSink, JSON Lines part files in {@code path}).
         */
        public String type = "stdout";
        /** Output directory for {@code type: file}. */
        public String path = null;
        /** Type kafka: {@code host:port[,...]} of the brokers. Required. */
        public String bootstrapServers = null;
        /** Type kafka: the topic written, records keyed by stream id. Required. */
        public String topic = null;
        /**
         * Type kafka: {@code exactly-once} (Kafka transactions committed on Flink checkpoints: a {@code read_committed}
         * consumer sees every line once across failures and restores, with a checkpoint interval of latency) or
         * {@code at-least-once} (flushed on checkpoints; lines written again after a failure).
         */
        public String delivery = "exactly-once";
        /** Type kafka, exactly-once: prefix of the producers' transactional ids; unique per job writing the topic. */
        public String transactionalIdPrefix = "qstream";
        /** Type kafka: producer properties passed through, with {@code ${env:NAME}} / {@code ${file:/path}} as for inputs. */
        public Map<String, String> properties = new LinkedHashMap<>();

        void validateKafka(String p) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(p + "sink.bootstrap-servers: required for sink type kafka");
            }
            if (topic == null || topic.isBlank()) throw new IllegalArgumentException(p + "sink.topic: required for sink type kafka");
            delivery = delivery == null ? "exactly-once" : delivery.trim().toLowerCase(Locale.ROOT);
            if (!delivery.equals("exactly-once") && !delivery.equals("at-least-once")) {
                throw new IllegalArgumentException(p + "sink.delivery: must be exactly-once or at-least-once, got '" + delivery + "'");
            }
            if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
                throw new IllegalArgumentException(p + "sink.transactional-id-prefix: must not be empty");
            }
            if (properties == null) properties = new LinkedHashMap<>();
        }
    }

    /** Checkpointing; the file sink commits its files on checkpoints. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Checkpointing implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Checkpoint interval. */
        public String interval = "2s";
        /** {@code hashmap} (heap) or {@code rocksdb}. */
        public String backend = "hashmap";
        /** Checkpoint directory (file path or URI); null = checkpoints kept in JobManager memory. */
        public String dir = null;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Reads, checks ({@link #validate}) and resolves relative paths against the file's directory. */
    public static PipelineSpec parse(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IOException("pipeline " + file + ": cannot read: " + e.getMessage(), e);
        }
        PipelineSpec spec = parse(text, file.toString());
        Path dir = file.toAbsolutePath().getParent();
        spec.resolvePaths(dir);
        return spec;
    }

    /** Parses and checks YAML text; {@code source} names it in errors. Relative paths stay relative. */
    public static PipelineSpec parse(String yaml, String source) {
        PipelineSpec spec;
        try {
            spec = YAML.readValue(yaml, PipelineSpec.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new IllegalArgumentException("pipeline " + source + ": unknown key '" + e.getPropertyName()
                    + "' at " + path(e) + " (known keys here: " + known + ")", e);
        } catch (InvalidFormatException e) {
            throw new IllegalArgumentException("pipeline " + source + ": " + path(e) + ": '" + e.getValue()
                    + "' is not a valid " + typeName(e.getTargetType()), e);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException("pipeline " + source + ": " + path(e) + ": expected "
                    + typeName(e.getTargetType()) + " (" + firstLine(e.getOriginalMessage()) + ")", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("pipeline " + source + ": " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (spec == null) throw new IllegalArgumentException("pipeline " + source + ": empty file");
        spec.validate(source);
        return spec;
    }

    /** Checks values and cross-field rules; errors name {@code source} and the key path. */
    public void validate(String source) {
        String p = "pipeline " + source + ": ";
        if (inputs == null) inputs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            String at = p + "inputs[" + i + "]";
            if (in == null) throw new IllegalArgumentException(at + ": empty entry");
            in.type = in.type == null ? "media" : in.type.trim().toLowerCase(Locale.ROOT);
            if (!in.type.equals("media") && !in.type.equals("kafka")) {
                throw new IllegalArgumentException(at + ".type: must be media or kafka, got '" + in.type + "'");
            }
            if (isKafka(in)) {
                validateKafka(in, at);
                continue;
            }
            if (in.uri == null || in.uri.isBlank()) throw new IllegalArgumentException(at + ".uri: required");
            if (in.pace < 0 || Double.isNaN(in.pace)) throw new IllegalArgumentException(at + ".pace: must be >= 0, got " + in.pace);
            if (in.decode == null) in.decode = new Decode();
            Decode d = in.decode;
            if (d.sampleRate <= 0) throw new IllegalArgumentException(at + ".decode.sample-rate: must be > 0, got " + d.sampleRate);
            if (d.chunkSamples <= 0) throw new IllegalArgumentException(at + ".decode.chunk-samples: must be > 0, got " + d.chunkSamples);
            if (d.timeoutSeconds <= 0) throw new IllegalArgumentException(at + ".decode.timeout-seconds: must be > 0, got " + d.timeoutSeconds);
            if (d.reconnectAttempts < 0) {
                throw new IllegalArgumentException(at + ".decode.reconnect-attempts: must be >= 0, got " + d.reconnectAttempts);
            }
            if (!(d.reconnectDelaySeconds >= 0) || Double.isInfinite(d.reconnectDelaySeconds)) {
                throw new IllegalArgumentException(at + ".decode.reconnect-delay-seconds: must be a finite number >= 0, got "
                        + d.reconnectDelaySeconds);
            }
            if (d.format != null && isRawPcm(d.format) && (d.inputSampleRate <= 0 || d.inputChannels <= 0)) {
                throw new IllegalArgumentException(at + ".decode: raw PCM format '" + d.format
                        + "' needs input-sample-rate and input-channels");
            }
            if (d.ffmpegOptions == null) d.ffmpegOptions = new LinkedHashMap<>();
            try {
                tracks(in.track);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ".track: " + e.getMessage());
            }
            if (d.width < 0 || d.height < 0 || d.fps < 0) {
                throw new IllegalArgumentException(at + ".decode: width, height and fps must be >= 0");
            }
            if (hasTrack(in, Track.VIDEO) && (videoModel == null || videoModel.isBlank())) {
                throw new IllegalArgumentException(at + ".track is " + in.track
                        + ": video-model is required (a shot model directory or .zip, e.g. fixtures/models/video-shots)");
            }
        }
        // two inputs with one stream id would share keyed state: their frames would be labelled as one stream
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            if (in.uri == null) continue; // a kafka input: its stream ids come from the record keys
            Integer before = ids.putIfAbsent(in.name != null ? in.name : in.uri, i);
            if (before != null && !in.uri.equals("-")) {
                throw new IllegalArgumentException(p + "inputs[" + i + "]: stream id '" + (in.name != null ? in.name : in.uri)
                        + "' is already used by inputs[" + before + "] (give each input its own name)");
            }
        }
        if (inputs.stream().filter(in -> "-".equals(in.uri)).count() > 1) {
            throw new IllegalArgumentException(p + "inputs: standard input ('-') can be read by one input only");
        }
        boolean videoOnly = videoModel != null && !videoModel.isBlank()
                && inputs.stream().noneMatch(in -> hasTrack(in, Track.AUDIO));
        if ((model == null || model.isBlank()) && !videoOnly) {
            throw new IllegalArgumentException(p + "model: required (a model directory or .zip)");
        }
        if (cmvn == null) cmvn = new Cmvn();
        if (cmvn.cmnWindow <= 0) throw new IllegalArgumentException(p + "cmvn.cmn-window: must be > 0, got " + cmvn.cmnWindow);
        if (labels == null) labels = new Labels();
        if (labels.scoreDecimals < 0 || labels.scoreDecimals > 9) {
            throw new IllegalArgumentException(p + "labels.score-decimals: must be 0..9, got " + labels.scoreDecimals);
        }
        if (labels.smoothing == null) labels.smoothing = new Smoothing();
        Smoothing s = labels.smoothing;
        for (double t : new double[] {s.onThreshold, s.offThreshold}) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException(p + "labels.smoothing: on-threshold and off-threshold are scores, 0..1; got "
                        + (t == s.onThreshold ? "on-threshold " : "off-threshold ") + t);
            }
        }
        if (s.offThreshold > s.onThreshold) {
            throw new IllegalArgumentException(p + "labels.smoothing.off-threshold (" + s.offThreshold
                    + ") must be <= on-threshold (" + s.onThreshold + ")");
        }
        seconds(s.minSegment, p + "labels.smoothing.min-segment");
        seconds(s.minGap, p + "labels.smoothing.min-gap");
        seconds(labels.minShot, p + "labels.min-shot");
        if (batch == null) batch = new Batch();
        if (batch.maxStreams < 1) throw new IllegalArgumentException(p + "batch.max-streams: must be >= 1, got " + batch.maxStreams);
        if (batch.maxFrames < 1) throw new IllegalArgumentException(p + "batch.max-frames: must be >= 1, got " + batch.maxFrames);
        if (seconds(batch.maxDelay, p + "batch.max-delay") <= 0) {
            throw new IllegalArgumentException(p + "batch.max-delay: must be > 0, got " + batch.maxDelay);
        }
        if (sink == null) sink = new Sink();
        sink.type = sink.type == null ? "stdout" : sink.type.toLowerCase(Locale.ROOT);
        if (!sink.type.equals("stdout") && !sink.type.equals("file") && !sink.type.equals("kafka")) {
            throw new IllegalArgumentException(p + "sink.type: must be stdout, file or kafka, got '" + sink.type + "'");
        }
        if (sink.type.equals("kafka")) sink.validateKafka(p);
        if (sink.type.equals("file") && (sink.path == null || sink.path.isBlank())) {
            throw new IllegalArgumentException(p + "sink.path: required for sink type file");
        }
        if (checkpointing == null) checkpointing = new Checkpointing();
        checkpointing.backend = checkpointing.backend == null ? "hashmap" : checkpointing.backend.toLowerCase(Locale.ROOT);
        if (!checkpointing.backend.equals("hashmap") && !checkpointing.backend.equals("rocksdb")) {
            throw new IllegalArgumentException(p + "checkpointing.backend: must be hashmap or rocksdb, got '"
                    + checkpointing.backend + "'");
        }
        if (seconds(checkpointing.interval, p + "checkpointing.interval") <= 0) {
            throw new IllegalArgumentException(p + "checkpointing.interval: must be > 0, got " + checkpointing.interval);
        }
        if (parallelism < 1) throw new IllegalArgumentException(p + "parallelism: must be >= 1, got " + parallelism);
    }

    /** True for an input of {@code type: kafka}. */
    public static boolean isKafka(Input in) {
        return "kafka".equals(in.type);
    }

    /** Checks an input of type kafka (audio only; its samples reach the features at {@code decode.sample-rate}). */
    private static void validateKafka(Input in, String at) {
        if (in.kafka == null) throw new IllegalArgumentException(at + ": type kafka needs a kafka: block (bootstrap-servers, topic, ...)");
        if (in.uri != null) throw new IllegalArgumentException(at + ".uri: not used by type kafka (give kafka.topic)");
        if (!"audio".equals(in.track)) throw new IllegalArgumentException(at + ".track: type kafka carries audio only");
        if (in.decode == null) in.decode = new Decode();
        if (in.decode.sampleRate <= 0) {
            throw new IllegalArgumentException(at + ".decode.sample-rate: must be > 0, got " + in.decode.sampleRate);
        }
        in.kafka.validate(at);
    }

    /** The tracks of an input's {@code track} value: audio, video or both (null = audio). */
    public static List<Track> tracks(String track) {
        String t = track == null ? "audio" : track.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "audio" -> List.of(Track.AUDIO);
            case "video" -> List.of(Track.VIDEO);
            case "both" -> List.of(Track.AUDIO, Track.VIDEO);
            default -> throw new IllegalArgumentException("must be audio, video or both, got '" + track + "'");
        };
    }

    static boolean hasTrack(Input in, Track t) {
        return tracks(in.track).contains(t);
    }

    /** FFmpeg's headerless PCM demuxers (s16le, f32be, u8, alaw, mulaw, ...): they need rate and channels. */
    static boolean isRawPcm(String format) {
        return format.matches("[su](8|16|24|32)(le|be)?|f(32|64)(le|be)|alaw|mulaw");
    }

    /** The checkpoint interval, milliseconds. */
    public long checkpointIntervalMillis() { return Math.round(seconds(checkpointing.interval, "checkpointing.interval") * 1000); }
    /** batch.max-delay, milliseconds (at least 1). */
    public long maxDelayMillis() { return Math.max(1, Math.round(seconds(batch.maxDelay, "batch.max-delay") * 1000)); }
    public double minSegmentSeconds() { return seconds(labels.smoothing.minSegment, "labels.smoothing.min-segment"); }
    public double minGapSeconds() { return seconds(labels.smoothing.minGap, "labels.smoothing.min-gap"); }
    public double minShotSeconds() { return seconds(labels.minShot, "labels.min-shot"); }

    /**
     * Parses a duration: a number of seconds ({@code 0.3}) or a number with unit ms, s, min or h
     * ({@code "20ms"}); negative durations are errors naming {@code key}.
     */
    public static double seconds(String value, String key) {
        if (value == null) throw new IllegalArgumentException(key + ": required duration");
        String v = value.trim().toLowerCase(Locale.ROOT);
        double scale = 1;
        if (v.endsWith("ms")) { scale = 1e-3; v = v.substring(0, v.length() - 2); }
        else if (v.endsWith("min")) { scale = 60; v = v.substring(0, v.length() - 3); }
        else if (v.endsWith("s")) { v = v.substring(0, v.length() - 1); }
        else if (v.endsWith("h")) { scale = 3600; v = v.substring(0, v.length() - 1); }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a duration (e.g. 0.3, 20ms, 2s, 1min)");
        }
        if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(key + ": must be >= 0, got '" + value + "'");
        }
        return d * scale;
    }

    /** Makes relative file paths absolute against {@code dir}; URLs are left alone. */
    public void resolvePaths(Path dir) {
        for (Input in : inputs) {
            if (in.uri != null) in.uri = resolve(dir, in.uri);
        }
        model = resolve(dir, model);
        videoModel = resolve(dir, videoModel);
        if (sink.path != null) sink.path = resolve(dir, sink.path);
        if (checkpointing.dir != null) checkpointing.dir = resolve(dir, checkpointing.dir);
    }

    /** True when {@code uri} has a URL scheme (rtsp://, file://, ...) rather than being a path. */
    public static boolean isUrl(String uri) {
        return uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !uri.matches("^[a-zA-Z]:[\\\\/].*");
    }

    public static String resolve(Path dir, String p) {
        if (p == null || isUrl(p) || dir == null || p.equals("-")) return p;
        Path path = Path.of(p);
        return path.isAbsolute() ? p : dir.resolve(path).normalize().toString();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
            else if (r.getFieldName() != null) sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
        }
        return sb.isEmpty() ? "(top level)" : sb.toString();
    }

    private static String typeName(Class<?> c) {
        if (c == null) return "value";
        if (c == int.class || c == Integer.class || c == long.class) return "integer";
        if (c == double.class || c == Double.class) return "number";
        if (c == boolean.class || c == Boolean.class) return "boolean (true/false)";
        if (c == String.class) return "string";
        if (List.class.isAssignableFrom(c)) return "list";
        if (Map.class.isAssignableFrom(c) || c.getName().startsWith("io.qstream")) return "mapping";
        return c.getSimpleName();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
