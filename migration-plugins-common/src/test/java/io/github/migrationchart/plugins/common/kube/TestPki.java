package io.github.migrationchart.plugins.common.kube;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keys and certificates made in the test with the JDK alone (no keytool, no BouncyCastle): key
 * pairs from KeyPairGenerator, X.509 v3 certificates assembled in DER and signed, and the PEM forms
 * of private keys that kubeconfigs hold.
 */
final class TestPki {
    private static final String COMMON_NAME = "0603550403";
    private static final String ECDSA_SHA256 = "06082a8648ce3d040302";
    private static final String RSA_SHA256 = "06092a864886f70d01010b";
    private static final String BASIC_CONSTRAINTS = "0603551d13";
    private static final String SUBJECT_ALT_NAME = "0603551d11";
    private static final String PRIME256V1 = "06082a8648ce3d030107";

    private TestPki() {}

    /** A key and its certificate, for the common name {@code name}. */
    record Identity(String name, KeyPair keys, X509Certificate certificate) {
        String certificatePem() {
            return pem("CERTIFICATE", der(certificate));
        }
    }

    static KeyPair rsa() {
        return generate("RSA", null);
    }

    static KeyPair ec() {
        return generate("EC", new ECGenParameterSpec("secp256r1"));
    }

    static KeyPair ed25519() {
        return generate("Ed25519", null);
    }

    /** A self-signed CA. */
    static Identity authority(String name) {
        KeyPair keys = ec();
        return new Identity(name, keys, certificate(name, keys, name, keys, true, List.of()));
    }

    /** A certificate for {@code keys} signed by {@code issuer}; {@code names} are DNS names and IP addresses for its SANs. */
    static Identity issue(Identity issuer, String name, KeyPair keys, List<String> names) {
        return new Identity(name, keys, certificate(name, keys, issuer.name(), issuer.keys(), false, names));
    }

    /** PKCS#8: {@code BEGIN PRIVATE KEY}, as the JDK and openssl 3 write it. */
    static String pkcs8(KeyPair keys) {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /** PKCS#1: {@code BEGIN RSA PRIVATE KEY}, the key that the JDK's PKCS#8 form wraps. */
    static String pkcs1(KeyPair rsa) {
        return pem("RSA PRIVATE KEY", inner(rsa));
    }

    /**
     * SEC1: {@code BEGIN EC PRIVATE KEY}, with the curve in its [0] parameters as openssl writes it
     * (the JDK's PKCS#8 form carries the curve outside, in the algorithm).
     */
    static String sec1(KeyPair ec) {
        try {
            List<Der.Element> elements = Der.sequence(inner(ec));
            List<byte[]> parts = new ArrayList<>();
            parts.add(elements.get(0).encoded());
            parts.add(elements.get(1).encoded());
            parts.add(Der.encode(0xa0, hex(PRIME256V1)));
            elements.stream().skip(2).filter(e -> e.tag() != 0xa0).forEach(e -> parts.add(e.encoded()));
            return pem("EC PRIVATE KEY", Der.encode(Der.SEQUENCE, parts.toArray(byte[][]::new)));
        } catch (KubeException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A server's TLS context: its identity, and, when not null, the authority its clients' certificates must have. */
    static SSLContext serverContext(Identity server, Identity clientAuthority) throws GeneralSecurityException, java.io.IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.keys().getPrivate(), new char[0], new X509Certificate[] {server.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        if (clientAuthority != null) {
            trusted.setCertificateEntry("clients", clientAuthority.certificate());
        }
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static byte[] inner(KeyPair keys) {
        try {
            return Der.sequence(keys.getPrivate().getEncoded()).get(2).value();
        } catch (KubeException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                               boolean authority, List<String> names) {
        boolean rsaIssuer = issuerKeys.getPrivate().getAlgorithm().equals("RSA");
        byte[] algorithm = rsaIssuer ? Der.encode(Der.SEQUENCE, hex(RSA_SHA256), new byte[] {Der.NULL, 0})
                : Der.encode(Der.SEQUENCE, hex(ECDSA_SHA256));
        DateTimeFormatter utcTime = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(Der.encode(Der.SEQUENCE, hex(BASIC_CONSTRAINTS), new byte[] {0x01, 0x01, (byte) 0xff},
                Der.encode(Der.OCTET_STRING, Der.encode(Der.SEQUENCE, authority ? new byte[] {0x01, 0x01, (byte) 0xff} : new byte[0]))));
        if (!names.isEmpty()) {
            List<byte[]> generalNames = new ArrayList<>();
            for (String name : names) {
                InetAddress address = Hosts.literal(name);
                generalNames.add(address == null ? Der.encode(0x82, name.getBytes(StandardCharsets.US_ASCII))
                        : Der.encode(0x87, address.getAddress()));
            }
            extensions.add(Der.encode(Der.SEQUENCE, hex(SUBJECT_ALT_NAME),
                    Der.encode(Der.OCTET_STRING, Der.encode(Der.SEQUENCE, generalNames.toArray(byte[][]::new)))));
        }
        byte[] tbs = Der.encode(Der.SEQUENCE,
                Der.encode(0xa0, Der.encode(Der.INTEGER, new byte[] {2})),
                Der.encode(Der.INTEGER, BigInteger.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)).toByteArray()),
                algorithm,
                name(issuer),
                Der.encode(Der.SEQUENCE, Der.encode(0x17, utcTime.format(now.minusHours(1)).getBytes(StandardCharsets.US_ASCII)),
                        Der.encode(0x17, utcTime.format(now.plusDays(1)).getBytes(StandardCharsets.US_ASCII))),
                name(subject),
                subjectKeys.getPublic().getEncoded(),
                Der.encode(0xa3, Der.encode(Der.SEQUENCE, extensions.toArray(byte[][]::new))));
        try {
            Signature signature = Signature.getInstance(rsaIssuer ? "SHA256withRSA" : "SHA256withECDSA");
            signature.initSign(issuerKeys.getPrivate());
            signature.update(tbs);
            byte[] signed = signature.sign();
            byte[] bits = new byte[signed.length + 1];
            System.arraycopy(signed, 0, bits, 1, signed.length);
            byte[] certificate = Der.encode(Der.SEQUENCE, tbs, algorithm, Der.encode(0x03, bits));
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] name(String commonName) {
        return Der.encode(Der.SEQUENCE, Der.encode(0x31, Der.encode(Der.SEQUENCE, hex(COMMON_NAME),
                Der.encode(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
