package io.qstream.flink;

import io.qstream.flink.record.FrameRows;
import io.qstream.flink.record.MediaChunk;
import io.qstream.flink.source.KafkaPcm;
import io.qstream.flink.source.MediaSource;
import io.qstream.media.Track;
import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * Assembles the labelling job: {@code source → keyBy(stream) → FeatureFunction → QrnnOperator → LabelFunction →
 * sink} for audio tracks, and {@code → VideoFeatureFunction → QrnnOperator → ShotLabelFunction} for video tracks
 * of the same source (split by {@link Track}; each branch has its own model). Source and sink are arguments (tests pass their own), everything else
 * comes from the
 * {@link ResolvedPipeline}. Only the source output is shuffled by stream id; the keyed operators after it are
 * chained, reusing that partitioning ({@link DataStreamUtils#reinterpretAsKeyedStream}).
 */
public final class LabelJob {
    /** Part files of {@link #fileSink} are named {@code labels-<writer>-<n>.jsonl}. */
    static final String PART_PREFIX = "labels";

    private LabelJob() {}

    /** Flink configuration for the pipeline's checkpointing and restarts (apply before creating operators). */
    public static Configuration configuration(PipelineSpec spec) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, spec.checkpointing.backend);
        if (spec.checkpointing.dir != null) {
            String dir = spec.checkpointing.dir.contains("://") ? spec.checkpointing.dir
                    : java.nio.file.Path.of(spec.checkpointing.dir).toUri().toString();
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        }
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        return conf;
    }

    /**
     * The whole job for any pipeline: audio tracks through {@code FeatureFunction → QrnnOperator → LabelFunction},
     * video tracks through {@code VideoFeatureFunction → QrnnOperator (video model) → ShotLabelFunction}. Returns
     * the JSON Lines of every stream, for the caller's sink; the per-stream summaries go to a {@link SummaryCollector}
     * (read them with {@link SummaryCollector#summaries} from the job's result). {@code featureTap} is applied to
     * the feature rows of both branches.
     */
    public static DataStream<String> build(StreamExecutionEnvironment env, Source<MediaChunk, ?, ?> source, ResolvedPipeline p,
                                           UnaryOperator<DataStream<FrameRows>> featureTap) {
        return build(env, mediaStream(env, source, p), p, featureTap);
    }

    /**
     * The job for the pipeline's own inputs: its media inputs through one {@link MediaSource} and each Kafka input
     * through {@link KafkaPcm#stream} (uids {@code kafka-<i>}, {@code kafka-streams-<i>}), one stream of chunks.
     */
    public static DataStream<String> build(StreamExecutionEnvironment env, ResolvedPipeline p) {
        return build(env, p, UnaryOperator.identity());
    }

    /** {@link #build(StreamExecutionEnvironment, ResolvedPipeline)} with {@code featureTap} applied to the feature rows. */
    public static DataStream<String> build(StreamExecutionEnvironment env, ResolvedPipeline p,
                                           UnaryOperator<DataStream<FrameRows>> featureTap) {
        DataStream<MediaChunk> media = p.inputs.isEmpty() ? null : mediaStream(env, new MediaSource(p.inputs), p);
        if (media == null) configure(env, p);
        for (int i = 0; i < p.kafkaInputs.size(); i++) {
            DataStream<MediaChunk> k = KafkaPcm.stream(env, p.kafkaInputs.get(i), i);
            media = media == null ? k : media.union(k);
        }
        return build(env, media, p, featureTap);
    }

    /** {@link #build(StreamExecutionEnvironment, Source, ResolvedPipeline, UnaryOperator)} from a stream of chunks. */
    private static DataStream<String> build(StreamExecutionEnvironment env, DataStream<MediaChunk> media, ResolvedPipeline p,
                                    UnaryOperator<DataStream<FrameRows>> featureTap) {
        SingleOutputStreamOperator<String> a = null;
        SingleOutputStreamOperator<String> v = null;
        if (p.hasVideo()) {
            v = video(p.hasAudio() ? media.filter(c -> c.track == Track.VIDEO).name("video-track") : media, p, featureTap);
        }
        if (p.hasAudio()) {
            a = audio(p.hasVideo() ? media.filter(c -> c.track == Track.AUDIO).name("audio-track") : media, p, featureTap);
        }
        DataStream<String> labels;
        if (a != null && v != null) {
            SummaryCollector.attach(a.getSideOutput(LabelFunction.SUMMARIES).union(v.getSideOutput(LabelFunction.SUMMARIES)));
            labels = a.union(v);
        } else {
            SingleOutputStreamOperator<String> only = a != null ? a : v;
            SummaryCollector.attach(only.getSideOutput(LabelFunction.SUMMARIES));
            labels = only;
        }
        // forward: each stream's lines reach one sink subtask, in order (StdoutSink counts lines per stream);
        // a sink with another parallelism is refused when the job is built instead of being fed round-robin
        return labels.forward();
    }

    /** {@link #build} without a tap. */
    public static DataStream<String> build(StreamExecutionEnvironment env, Source<MediaChunk, ?, ?> source, ResolvedPipeline p) {
        return build(env, source, p, UnaryOperator.identity());
    }

    private static DataStream<MediaChunk> mediaStream(StreamExecutionEnvironment env, Source<MediaChunk, ?, ?> source,
                                                      ResolvedPipeline p) {
        configure(env, p);
        return env.fromSource(source, WatermarkStrategy.<MediaChunk>forMonotonousTimestamps(), "media")
                .returns(TypeInformation.of(MediaChunk.class));
    }

    private static void configure(StreamExecutionEnvironment env, ResolvedPipeline p) {
        env.setParallelism(p.spec.parallelism);
        env.enableCheckpointing(p.spec.checkpointIntervalMillis(), CheckpointingMode.EXACTLY_ONCE);
    }

    private static SingleOutputStreamOperator<String> audio(DataStream<MediaChunk> media, ResolvedPipeline p,
                                                            UnaryOperator<DataStream<FrameRows>> featureTap) {
        return branch(media, "", new FeatureFunction(p.features, FeatureFunction.cmvnOptions(p.spec.cmvn)), featureTap,
                QrnnOperator.evenlySpaced(p.model, p.batch, p.frameShiftSeconds()), new LabelFunction(p.labelOptions()));
    }

    /** Video tracks: frames → shot features → the same batching QRNN operator with the video model → shot labels. */
    private static SingleOutputStreamOperator<String> video(DataStream<MediaChunk> media, ResolvedPipeline p,
                                                            UnaryOperator<DataStream<FrameRows>> featureTap) {
        return branch(media, "video-", new VideoFeatureFunction(p.videoFeatures), featureTap,
                QrnnOperator.timedRows(p.videoModel, p.batch), new ShotLabelFunction(p.shotLabelOptions()));
    }

    /**
     * One track's chain: {@code keyBy(stream) → features → model → labels}, named and uid'd {@code <prefix>features},
     * {@code <prefix>qrnn}, {@code <prefix>labels} (the uids are what savepoints map state by: keep them).
     */
    private static SingleOutputStreamOperator<String> branch(
            DataStream<MediaChunk> media, String prefix, KeyedProcessFunction<String, MediaChunk, FrameRows> features,
            UnaryOperator<DataStream<FrameRows>> featureTap, QrnnOperator model,
            KeyedProcessFunction<String, FrameRows, String> labels) {
        TypeInformation<FrameRows> rowsType = TypeInformation.of(FrameRows.class);
        DataStream<FrameRows> rows = media
                .keyBy(c -> c.stream, Types.STRING)
                .process(features, rowsType)
                .name(prefix + "features").uid(prefix + "features");
        rows = featureTap.apply(rows);
        DataStream<FrameRows> scores = DataStreamUtils.reinterpretAsKeyedStream(rows, r -> r.stream, Types.STRING)
                .transform(prefix + "qrnn", rowsType, model)
                .uid(prefix + "qrnn");
        return DataStreamUtils.reinterpretAsKeyedStream(scores, r -> r.stream, Types.STRING)
                .process(labels, Types.STRING)
                .name(prefix + "labels").uid(prefix + "labels");
    }

    /** The pipeline's own sink: stdout, exactly-once JSON Lines part files in {@code sink.path}, or a Kafka topic. */
    public static Sink<String> sink(PipelineSpec spec) {
        return switch (spec.sink.type) {
            case "file" -> fileSink(spec.sink.path);
            case "kafka" -> LabelKafkaSink.of(spec.sink);
            default -> new StdoutSink();
        };
    }

    /**
     * Flink's FileSink: part files {@code labels-*.jsonl} under {@code dir}, rolled and committed on checkpoints
     * (and at end of input), so committed files hold every line exactly once across failures.
     */
    public static Sink<String> fileSink(String dir) {
        return FileSink.forRowFormat(new Path(dir), new SimpleStringEncoder<String>("UTF-8"))
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(PART_PREFIX).withPartSuffix(".jsonl").build())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
    }
}
