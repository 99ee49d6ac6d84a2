package io.qstream.flink;

import io.qstream.labels.LabelJson;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gathers the one-per-stream summary lines ({@link LabelJson#summary}) of the whole job in one place and hands them
 * to the client as the {@value #ACCUMULATOR} accumulator when the input ends.
 *
 * <p>Why an operator with state rather than an accumulator in the label functions: an accumulator only holds what
 * the last attempt of its task saw, so after a failover the summaries of streams that had finished before the
 * restored checkpoint were missing. Here the lines are operator state (parallelism 1), checkpointed with the rest
 * of the job, and the accumulator is filled once, in {@link #finish()}, from that state: every stream exactly once.
 */
public final class SummaryCollector extends AbstractStreamOperator<Void> implements OneInputStreamOperator<String, Void> {
    private static final long serialVersionUID = 1L;
    /** Accumulator: the JSON summary lines of every stream of the job. */
    public static final String ACCUMULATOR = "qstream-stream-summaries";

    private transient List<String> lines;
    private transient ListState<String> state;

    /** Attaches a collector (parallelism 1) to a job's summary lines. */
    public static void attach(DataStream<String> summaries) {
        summaries.transform("summaries", Types.VOID, new SummaryCollector())
                .uid("summary-collector").setParallelism(1).setMaxParallelism(1);
    }

    /** The per-stream summaries of a finished job, sorted by stream id. */
    public static List<LocalRun.StreamSummary> summaries(JobExecutionResult result) {
        Object acc = result.getAccumulatorResult(ACCUMULATOR);
        List<LocalRun.StreamSummary> streams = new ArrayList<>();
        if (acc instanceof List<?> list) {
            for (Object line : list) streams.add(parse(line.toString()));
        }
        streams.sort(Comparator.comparing(LocalRun.StreamSummary::stream));
        return streams;
    }

    static LocalRun.StreamSummary parse(String line) {
        try {
            JsonNode n = LabelJson.JSON.readTree(line);
            return new LocalRun.StreamSummary(n.path("stream").asText(), n.path("frames").asLong(), n.path("seconds").asDouble(),
                    n.path("segments").asLong(), n.hasNonNull("error") ? n.get("error").asText() : null);
        } catch (IOException e) {
            throw new UncheckedIOException("summary line is not JSON: " + line, e);
        }
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("summaries", Types.STRING));
        lines = new ArrayList<>();
        for (String line : state.get()) lines.add(line);
    }

    @Override
    public void processElement(StreamRecord<String> element) {
        lines.add(element.getValue());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        state.update(lines);
    }

    @Override
    public void finish() throws Exception {
        ListAccumulator<String> acc = new ListAccumulator<>();
        for (String line : lines) acc.add(line);
        getRuntimeContext().addAccumulator(ACCUMULATOR, acc);
        super.finish();
    }
}
