package io.qstream.flink;

import io.qstream.pipeline.PipelineSpec;
import io.qstream.pipeline.ResolvedPipeline;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Flink application-mode entry point: {@code main(PIPELINE.yaml [--output DIR])} builds the pipeline's job on the
 * environment Flink provides ({@link StreamExecutionEnvironment#getExecutionEnvironment}) and runs it. This is the
 * {@code job.entryClass} of docker/k8s/flinkdeployment.yaml (Flink Kubernetes Operator): there the JobManager runs
 * this {@code main}. Outside a cluster it runs on a local environment, like {@code qstream run}. {@code --output DIR}
 * overrides the pipeline's sink with exactly-once part files ({@link LabelJob#fileSink}).
 */
public final class PipelineApplication {
    private PipelineApplication() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--output"))) {
            throw new IllegalArgumentException("usage: PipelineApplication PIPELINE.yaml [--output DIR], got " + String.join(" ", args));
        }
        Path pipeline = Path.of(args[0]);
        PipelineSpec spec = PipelineSpec.parse(pipeline);
        ResolvedPipeline p = ResolvedPipeline.resolve(spec, pipeline.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(LabelJob.configuration(spec));
        Sink<String> sink = args.length == 3 ? LabelJob.fileSink(args[2]) : LabelJob.sink(spec);
        LabelJob.build(env, p).sinkTo(sink).name("sink").uid("sink");
        env.execute("qstream " + String.join(" ", spec.inputs.stream().map(i -> i.uri).toList()));
    }
}
