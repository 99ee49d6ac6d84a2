package io.qstream.cli;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * {@code %rootCause} in the CLI's log pattern: for an event with an exception, " (cause: Type: message)" of its
 * deepest cause, else nothing. Why: a failing Flink task logs a ~50-line trace per restart whose only useful line is
 * the last "Caused by" (e.g. "IOException: No space left on device"); the CLI shows that line instead.
 * {@code QSTREAM_LOG_TRACES=true} brings the whole traces back.
 */
@Plugin(name = "RootCauseConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"rootCause"})
public final class RootCauseConverter extends LogEventPatternConverter {

    private RootCauseConverter() {
        super("rootCause", "rootCause");
    }

    /** Log4j's factory method. */
    public static RootCauseConverter newInstance(String[] options) {
        return new RootCauseConverter();
    }

    @Override
    public void format(LogEvent event, StringBuilder out) {
        Throwable t = event.getThrown();
        if (t == null) return;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        out.append(" (cause: ").append(t.getClass().getSimpleName()).append(": ")
                .append(String.valueOf(t.getMessage()).replaceAll("\\s*\\R\\s*", " ")).append(')');
    }

    @Override
    public boolean handlesThrowable() {
        return true;
    }
}
