package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qstream submit --truststore}: checked at the edge; the TLS path itself is tested in ContainerClusterIT. */
class RestTruststoreTest {
    @TempDir
    Path dir;

    private Path store(String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("nope.p12");
        var e = assertThrows(IllegalArgumentException.class, () -> RestTruststore.open(missing, "x"));
        assertEquals("--truststore " + missing + ": no such file", e.getMessage());
    }

    @Test
    void aWrongPasswordIsAnErrorNamingTheFile() throws Exception {
        Path file = store("right");
        var e = assertThrows(IllegalArgumentException.class, () -> RestTruststore.open(file, "wrong"));
        assertTrue(e.getMessage().startsWith("--truststore " + file + ": cannot open it") && e.getMessage().contains("password"),
                e.getMessage());
    }

    @Test
    void itTurnsOnTlsForFlinksRestClient() throws Exception {
        Path file = store("right");
        Configuration conf = new Configuration();
        RestTruststore.open(file, "right").applyTo(conf);
        assertTrue(conf.get(SecurityOptions.SSL_REST_ENABLED));
        assertEquals(file.toAbsolutePath().toString(), conf.get(SecurityOptions.SSL_REST_TRUSTSTORE));
        assertEquals("right", conf.get(SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD));
    }
}
