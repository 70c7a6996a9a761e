package org.vigil.simulator.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust of the simulator's HTTP client: the JDK's CAs plus the certificates of a PEM file, such as the demo
 * gateway's self-signed one. Everything goes through the JDK's own PKIX trust manager, so certificate and host name
 * verification stay exactly as strict as without the file.
 */
public final class TrustedCertificates {

    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private TrustedCertificates() {
    }

    /** An SSLContext trusting the JDK's default CAs and every certificate in {@code pemFile}. */
    public static SSLContext sslContext(Path pemFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> extra = read(pemFile);
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int n = 0;
        for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
            trusted.setCertificateEntry("jdk-" + n++, ca);
        }
        for (X509Certificate certificate : extra) {
            trusted.setCertificateEntry("cacert-" + n++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * The certificates of a PEM file (one or a bundle; text between the blocks, as openssl writes, is ignored).
     *
     * @throws CertificateException when the file holds no certificate or a block is not one
     */
    static List<X509Certificate> read(Path pemFile) throws IOException, CertificateException {
        String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = PEM_CERTIFICATE.matcher(pem);
        while (block.find()) {
            String normalised = "-----BEGIN CERTIFICATE-----\n" + block.group(1).replaceAll("\\s+", "")
                    + "\n-----END CERTIFICATE-----\n";
            for (Certificate certificate : factory.generateCertificates(
                    new ByteArrayInputStream(normalised.getBytes(StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) certificate);
            }
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no PEM certificate (-----BEGIN CERTIFICATE-----) in " + pemFile);
        }
        return certificates;
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }
}
