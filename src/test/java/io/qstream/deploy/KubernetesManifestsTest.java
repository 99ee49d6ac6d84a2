package io.qstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline check of every manifest in docker/k8s: tools/k8s-manifests/check.mjs (Node) validates the plain objects
 * against Kubernetes' OpenAPI schemas (npm kubernetes-models) and the FlinkDeployment against the CRD schema of
 * the Flink Kubernetes Operator API 1.10.0 (copied to target/k8s by pom.xml), with {@code flinkVersion: v2_0}
 * added to that CRD's enum, and undeclared fields rejected like {@code kubectl apply --validate=strict}. Broken
 * manifests must be rejected, so the check can fail. Needs node and {@code npm ci --prefix tools/k8s-manifests}
 * (.ci/run does both).
 */
class KubernetesManifestsTest {
    private static final Path CHECK = Path.of("tools/k8s-manifests/check.mjs");
    private static final Path OPERATOR_API = Path.of("target/k8s/flink-kubernetes-operator-api-1.10.0.jar");
    private static Path crd;

    @TempDir
    static Path dir;

    @BeforeAll
    static void extractCrd() throws IOException, InterruptedException {
        if (!Files.isDirectory(Path.of("tools/k8s-manifests/node_modules/kubernetes-models"))) {
            // so that `mvn verify` alone passes on a fresh machine: the pinned versions of package-lock.json
            Process npm = new ProcessBuilder("npm", "ci", "--prefix", "tools/k8s-manifests", "--no-audit", "--no-fund")
                    .redirectErrorStream(true).start();
            String log = new String(npm.getInputStream().readAllBytes());
            assertEquals(0, npm.waitFor(), "npm ci --prefix tools/k8s-manifests failed (needs Node 20+ and npm): " + log);
        }
        assertTrue(Files.isRegularFile(OPERATOR_API), OPERATOR_API + " missing: mvn's generate-test-resources phase copies it");
        crd = dir.resolve("flinkdeployments.flink.apache.org-v1.yml");
        try (ZipFile jar = new ZipFile(OPERATOR_API.toFile());
             InputStream in = jar.getInputStream(jar.getEntry("META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml"))) {
            Files.copy(in, crd);
        }
    }

    @Test
    void everyManifestInDockerK8sIsValid() throws Exception {
        List<Path> manifests;
        try (var files = Files.list(Path.of("docker/k8s"))) {
            manifests = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(manifests.contains(Path.of("docker/k8s/flinkdeployment.yaml")), "manifests: " + manifests);
        Result r = check(manifests.stream().map(Path::toString).toArray(String[]::new));
        assertEquals(0, r.exit, r.out);
        for (String object : List.of("v1/PersistentVolumeClaim qstream-data", "v1/Service qstream-jobmanager",
                "apps/v1/Deployment qstream-jobmanager", "apps/v1/Deployment qstream-taskmanager",
                "flink.apache.org/v1beta1/FlinkDeployment qstream-speech-vad")) {
            assertTrue(r.out.contains(object), object + " not checked:\n" + r.out);
        }
    }

    @Test
    void theOperatorApiOnMavenCentralStopsAtFlink120SoV20IsAddedExplicitly() throws Exception {
        Result r = check("--strict-crd", "docker/k8s/flinkdeployment.yaml");
        assertEquals(1, r.exit, r.out);
        assertTrue(r.out.contains("/spec/flinkVersion must be equal to one of the allowed values") && r.out.contains("\"v1_20\"]"), r.out);
    }

    @Test
    void brokenManifestsAreRejectedWithThePathOfTheMistake() throws Exception {
        String deployment = Files.readString(Path.of("docker/k8s/taskmanager.yaml")).replace("replicas: 2", "replicas: two");
        String flink = Files.readString(Path.of("docker/k8s/flinkdeployment.yaml"))
                .replace("upgradeMode: savepoint", "upgradeMode: sometimes")
                .replace("parallelism: 2", "parallelism: 2\n    paralellism: 2");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, deployment + "\n---\n" + flink);
        Result r = check(bad.toString());
        assertEquals(1, r.exit, r.out);
        assertTrue(r.out.contains("INVALID") && r.out.contains("spec/replicas must be integer"), r.out);
        assertTrue(r.out.contains("/spec/job/upgradeMode must be equal to one of the allowed values"), r.out);
        assertTrue(r.out.contains("must NOT have additional properties (paralellism)"), r.out);

        Path unknown = dir.resolve("unknown.yaml");
        Files.writeString(unknown, "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
        Result u = check(unknown.toString());
        assertEquals(1, u.exit, u.out);
        assertTrue(u.out.contains("unknown apiVersion/kind"), u.out);
    }

    private record Result(int exit, String out) {}

    private static Result check(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", CHECK.toString(), "--crd", crd.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node check.mjs timed out");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
