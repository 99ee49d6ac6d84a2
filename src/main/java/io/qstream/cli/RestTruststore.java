package io.qstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.SecurityOptions;

/**
 * The truststore {@code qstream submit} trusts a TLS-enabled Flink REST endpoint with ({@code security.ssl.rest.*}):
 * a Java keystore file (PKCS12 or JKS, e.g. made with {@code keytool -importcert}) holding the cluster's certificate.
 * Checked once at the edge: the file must exist and open with the password.
 */
record RestTruststore(Path file, String password) {
    /** Opens the store; an unreadable file or a wrong password is an error naming the file. */
    static RestTruststore open(Path file, String password) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--truststore " + file + ": no such file");
        RestTruststore t = new RestTruststore(file.toAbsolutePath(), password == null ? "" : password);
        t.keyStore();
        return t;
    }

    private KeyStore keyStore() {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--truststore " + file + ": cannot open it (" + e.getMessage()
                    + "); wrong --truststore-password / QSTREAM_TRUSTSTORE_PASSWORD?", e);
        }
    }

    /** For the {@code /overview} check before submitting. */
    SSLContext sslContext() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keyStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Flink's REST client settings: TLS on, trusting only this store. */
    void applyTo(Configuration conf) {
        conf.set(SecurityOptions.SSL_REST_ENABLED, true);
        conf.set(SecurityOptions.SSL_REST_TRUSTSTORE, file.toString());
        conf.set(SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD, password);
    }
}
