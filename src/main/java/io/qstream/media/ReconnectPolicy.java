package io.qstream.media;

import java.io.Serializable;

/**
 * How a live input ({@link LiveInputs#isLive}) that fails (refused, dropped, timed out) is reopened: up to
 * {@code attempts} times in a row, {@code delaySeconds} apart; the count starts again once data flows. Files and
 * bad options never reconnect.
 *
 * @param attempts reopenings in a row before the stream ends with an error; 0 = never
 * @param delaySeconds pause before each reopening, seconds (finite, &gt;= 0)
 */
public record ReconnectPolicy(int attempts, double delaySeconds) implements Serializable {
    /** Never reconnect. */
    public static final ReconnectPolicy NEVER = new ReconnectPolicy(0, 0);

    public ReconnectPolicy {
        if (attempts < 0) throw new IllegalArgumentException("reconnect attempts must be >= 0, got " + attempts);
        if (!(delaySeconds >= 0) || Double.isInfinite(delaySeconds)) {
            throw new IllegalArgumentException("reconnect delay must be a finite number of seconds >= 0, got " + delaySeconds);
        }
    }
}
