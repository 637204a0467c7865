package io.github.migrationchart.plugins.common.kube;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys in PEM, as kubeconfigs and credential plugins hold them. Keys come
 * in the three forms kubectl reads: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or Ed25519), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}); the JDK reads only the
 * first, so the other two are wrapped into it here, which is all a PKCS#8 structure adds to them.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** DER encodings of the algorithm identifiers' OIDs. */
    private static final String RSA_ENCRYPTION = "06092a864886f70d010101";
    private static final String EC_PUBLIC_KEY = "06072a8648ce3d0201";
    private static final String ED25519 = "06032b6570";
    private static final String RSASSA_PSS = "06092a864886f70d01010a";
    private static final byte[] NO_PARAMETERS = {Der.NULL, 0};

    private Pem() {}

    /** The certificates of a PEM bundle; {@code what} names it in errors ({@code certificate-authority-data of cluster "c"}). */
    static List<X509Certificate> certificates(byte[] pem, String what) throws KubeException {
        try {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new KubeException(what + " holds no certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new KubeException(what + " holds no PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /** The first private key of a PEM text. */
    static PrivateKey privateKey(byte[] pem, String what) throws KubeException {
        Matcher block = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        while (block.find()) {
            String type = block.group(1);
            if (!type.endsWith("PRIVATE KEY")) {
                continue; // e.g. the EC PARAMETERS that openssl ecparam writes first
            }
            if (type.startsWith("ENCRYPTED") || block.group(2).contains("Proc-Type:")) {
                throw new KubeException(what + " is encrypted, which Kubernetes clients do not read: decrypt it (openssl pkey)");
            }
            byte[] der = decode(block.group(2).replaceAll("\\s", ""), what);
            return switch (type) {
                case "PRIVATE KEY" -> pkcs8(der, what);
                case "RSA PRIVATE KEY" -> key("RSA", wrap(RSA_ENCRYPTION, NO_PARAMETERS, der), what);
                case "EC PRIVATE KEY" -> key("EC", wrap(EC_PUBLIC_KEY, curve(der, what), der), what);
                default -> throw new KubeException(what + " is a " + type + ", not an RSA or EC private key");
            };
        }
        throw new KubeException(what + " holds no PEM private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY"
                + " or BEGIN EC PRIVATE KEY)");
    }

    /** A base64 value of a kubeconfig ({@code *-data}). */
    static byte[] decode(String base64, String what) throws KubeException {
        try {
            return Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new KubeException(what + " is not base64 (" + e.getMessage() + ")", e);
        }
    }

    /** PrivateKeyInfo: version 0, the algorithm, the key in the algorithm's own form. */
    private static byte[] wrap(String algorithm, byte[] parameters, byte[] key) {
        byte[] identifier = Der.encode(Der.SEQUENCE, HexFormat.of().parseHex(algorithm), parameters);
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), identifier,
                Der.encode(Der.OCTET_STRING, key));
    }

    /** The curve's OID from the [0] parameters of a SEC1 ECPrivateKey, which its PKCS#8 form carries in the algorithm. */
    private static byte[] curve(byte[] sec1, String what) throws KubeException {
        for (Der.Element element : elements(sec1, what)) {
            if (element.tag() == 0xa0) {
                return element.value();
            }
        }
        throw new KubeException(what + " is an EC private key that names no curve");
    }

    private static PrivateKey pkcs8(byte[] der, String what) throws KubeException {
        List<Der.Element> elements = elements(der, what);
        if (elements.size() < 3 || elements.get(1).tag() != Der.SEQUENCE) {
            throw new KubeException(what + " is not a PKCS#8 private key");
        }
        byte[] oid = elements(elements.get(1).encoded(), what).get(0).encoded();
        for (String[] known : new String[][] {{RSA_ENCRYPTION, "RSA"}, {EC_PUBLIC_KEY, "EC"}, {ED25519, "Ed25519"},
                {RSASSA_PSS, "RSASSA-PSS"}}) {
            if (Arrays.equals(oid, HexFormat.of().parseHex(known[0]))) {
                return key(known[1], der, what);
            }
        }
        throw new KubeException(what + " is a private key of an algorithm other than RSA, EC and Ed25519");
    }

    private static List<Der.Element> elements(byte[] der, String what) throws KubeException {
        try {
            List<Der.Element> elements = Der.sequence(der);
            if (elements.isEmpty()) {
                throw new KubeException("an empty SEQUENCE");
            }
            return elements;
        } catch (KubeException e) {
            throw new KubeException(what + " is not a valid private key (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey key(String algorithm, byte[] pkcs8, String what) throws KubeException {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new KubeException(what + " is not a valid " + algorithm + " private key (" + e.getMessage() + ")", e);
        }
    }
}
