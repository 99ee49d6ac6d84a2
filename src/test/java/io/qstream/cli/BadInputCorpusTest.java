package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability corpus {@code fixtures/bad/cases.tsv} (made by {@code fixtures/bad/make-bad-corpus.sh}): damaged,
 * unusual and hostile media over files and network transports, pipeline files, model files and command lines, each
 * with its expected outcome. All media cases run as the inputs of one job, so a bad stream taking others down would
 * show as a good case without its labels.
 */
class BadInputCorpusTest {
    private static final Path CORPUS = Path.of("fixtures/bad");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Case(String id, String kind, String target, String expect) {}

    private static HttpServer server;
    private static String http;

    @BeforeAll
    static void serveCorpusMedia() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            Path file = CORPUS.resolve("media").resolve(ex.getRequestURI().getPath().substring(1));
            if (!Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        http = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static List<Case> cases(String kind) throws Exception {
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("cases.tsv"))) {
            if (line.startsWith("#") || line.startsWith("id\t") || line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            assertEquals(4, f.length, "cases.tsv line: " + line);
            if (f[1].equals(kind)) out.add(new Case(f[0], f[1], f[2], f[3]));
        }
        return out;
    }

    @Test
    void theCorpusHasAtLeastFiftyCasesOverEveryKind() throws Exception {
        int all = cases("media").size() + cases("pipeline").size() + cases("cli").size();
        assertTrue(all >= 50, all + " cases");
        assertTrue(cases("media").stream().anyMatch(c -> c.target.startsWith("{http}")), "network transports covered");
        assertTrue(cases("pipeline").stream().anyMatch(c -> c.target.contains("model-")), "model files covered");
    }

    @Test
    void everyMediaCaseInOneJobGetsItsExpectedOutcome(@TempDir Path dir) throws Exception {
        List<Case> cases = cases("media");
        Path out = dir.resolve("labels.jsonl");
        List<String> args = new ArrayList<>(List.of("run", "pipelines/speech-vad.yaml", "--no-progress", "--output",
                out.toString()));
        Map<String, Case> byStream = new LinkedHashMap<>();
        for (Case c : cases) {
            String uri = c.target.startsWith("{http}") ? http + c.target.substring("{http}".length())
                    : c.target.contains("://") ? c.target : CORPUS.resolve(c.target).toAbsolutePath().toString();
            args.add("--input");
            args.add(uri);
            byStream.put(uri, c);
        }
        assertEquals(1, QstreamCommand.execute(args.toArray(String[]::new)), "some streams end with errors: exit 1");
        Map<String, List<JsonNode>> records = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = JSON.readTree(line);
            records.computeIfAbsent(n.get("stream").asText(), k -> new ArrayList<>()).add(n);
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Case> e : byStream.entrySet()) {
            String problem = check(e.getKey(), e.getValue(), records.getOrDefault(e.getKey(), List.of()));
            if (problem != null) wrong.add(e.getValue().id + ": " + problem);
        }
        List<String> extra = records.keySet().stream().filter(k -> !byStream.containsKey(k)).toList();
        assertEquals(List.of(), wrong);
        assertEquals(List.of(), extra, "streams that are no case");
    }

    private static String check(String stream, Case c, List<JsonNode> got) {
        List<JsonNode> errors = got.stream().filter(n -> n.has("error")).toList();
        List<JsonNode> segments = got.stream().filter(n -> n.has("label")).toList();
        switch (c.expect) {
            case "labels", "nospeech" -> {
                if (!errors.isEmpty()) return "unexpected error " + errors;
                boolean none = got.size() == 1 && got.get(0).path("segments").asInt(-1) == 0 && got.get(0).path("frames").asInt() > 0;
                if (c.expect.equals("nospeech")) return none ? null : "expected the no-segment record, got " + got;
                return none || !segments.isEmpty() ? null : "neither segments nor the no-segment record: " + got;
            }
            case "frames0" -> {
                return got.size() == 1 && got.get(0).path("frames").asInt(-1) == 0 ? null : "expected one frames:0 record, got " + got;
            }
            default -> {
                if (!c.expect.startsWith("error:")) return "unknown expectation " + c.expect;
                if (errors.size() != 1) return "expected one error record, got " + got;
                String msg = errors.get(0).get("error").asText();
                String want = c.expect.substring("error:".length());
                return msg.contains(want) && msg.contains(stream) ? null : "error '" + msg + "' should name the input and say '" + want + "'";
            }
        }
    }

    @Test
    void everyPipelineModelAndCommandLineCaseGetsItsExpectedOutcome(@TempDir Path dir) throws Exception {
        List<String> wrong = new ArrayList<>();
        List<Case> cases = new ArrayList<>(cases("pipeline"));
        cases.addAll(cases("cli"));
        for (Case c : cases) {
            List<String> args = new ArrayList<>();
            if (c.kind.equals("pipeline")) {
                Path out = dir.resolve(c.id + ".jsonl");
                args.addAll(List.of("run", CORPUS.resolve(c.target).toString(), "--no-progress", "--output", out.toString()));
            } else {
                args.addAll(List.of(c.target.split(" ")));
            }
            CliRun run = CliRun.of(args.toArray(String[]::new));
            String problem = checkRun(c, run, dir.resolve(c.id + ".jsonl"));
            if (problem != null) wrong.add(c.id + ": " + problem);
        }
        assertEquals(List.of(), wrong);
    }

    private static String checkRun(Case c, CliRun run, Path out) throws Exception {
        if (c.expect.startsWith("exit2:")) {
            String want = c.expect.substring("exit2:".length());
            List<String> lines = run.err().strip().lines().toList();
            if (run.exitCode() != 2) return "exit " + run.exitCode() + ", expected 2: " + run.err();
            if (lines.isEmpty() || !lines.get(0).contains(want)) return "stderr should begin with '" + want + "': " + run.err();
            // a pipeline or model error is one line; a picocli usage error may add the usage text after its line
            if (c.kind.equals("pipeline") && lines.size() != 1) return "not one line: " + run.err();
            return Files.exists(out) ? "an output was written" : null;
        }
        List<JsonNode> got = new ArrayList<>();
        if (Files.exists(out)) for (String l : Files.readAllLines(out)) got.add(JSON.readTree(l));
        if (c.expect.equals("labels")) {
            if (run.exitCode() != 0) return "exit " + run.exitCode() + ": " + run.err();
            return got.stream().anyMatch(n -> n.has("label")) ? null : "no labels";
        }
        if (c.expect.startsWith("error:")) {
            if (run.exitCode() != 1) return "exit " + run.exitCode() + ", expected 1: " + run.err();
            String want = c.expect.substring("error:".length());
            return got.stream().anyMatch(n -> n.has("error") && n.get("error").asText().contains(want)) ? null
                    : "no error record saying '" + want + "': " + got;
        }
        return "unknown expectation " + c.expect;
    }
}
