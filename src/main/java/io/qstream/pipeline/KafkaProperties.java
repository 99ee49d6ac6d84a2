package io.qstream.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka client properties from a pipeline's {@code properties:} map, with secrets kept out of the YAML: in a value,
 * {@code ${env:NAME}} becomes the environment variable NAME and {@code ${file:/path}} the content of that file (trimmed
 * of surrounding whitespace); a missing variable or unreadable file is an error naming the key. Resolved when the job
 * is built (on the machine running {@code qstream run} / {@code submit}), so the values travel in the job graph as any
 * Flink Kafka job's properties do. When the map sets {@code config.providers}, values are left as they are for
 * Kafka's own config providers to resolve on the TaskManagers instead.
 */
public final class KafkaProperties {
    private static final Pattern REF = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private KafkaProperties() {}

    /** The resolved properties; {@code at} names the map in errors (e.g. {@code pipeline p: inputs[0].kafka.properties}). */
    public static Map<String, String> resolve(Map<String, String> given, String at) {
        return resolve(given, at, System::getenv);
    }

    /** {@link #resolve(Map, String)} with {@code env} for environment lookups (tests). */
    static Map<String, String> resolve(Map<String, String> given, String at, UnaryOperator<String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given == null) return out;
        boolean kafkaProviders = given.containsKey("config.providers");
        for (Map.Entry<String, String> e : given.entrySet()) {
            String v = e.getValue();
            if (v == null) throw new IllegalArgumentException(at + "." + e.getKey() + ": empty value");
            out.put(e.getKey(), kafkaProviders ? v : expand(v, at + "." + e.getKey(), env));
        }
        return out;
    }

    private static String expand(String value, String key, UnaryOperator<String> env) {
        Matcher m = REF.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String ref = m.group(2).trim();
            String v;
            if (m.group(1).equals("env")) {
                v = env.apply(ref);
                if (v == null) throw new IllegalArgumentException(key + ": environment variable " + ref + " is not set");
            } else {
                try {
                    v = Files.readString(Path.of(ref)).strip();
                } catch (IOException e) {
                    throw new IllegalArgumentException(key + ": cannot read secret file " + ref + ": " + e.getMessage(), e);
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
