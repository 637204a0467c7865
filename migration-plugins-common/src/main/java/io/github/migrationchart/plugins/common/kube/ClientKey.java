package io.github.migrationchart.plugins.common.kube;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A client certificate (with any intermediates after it) and its private key, for TLS client
 * authentication.
 */
record ClientKey(PrivateKey key, List<X509Certificate> chain) {
    ClientKey {
        chain = List.copyOf(chain);
    }

    /** The pair from PEM texts; as Go's {@code tls.X509KeyPair}, refuses a key that does not belong to the certificate. */
    static ClientKey of(byte[] certificatePem, String certificateWhat, byte[] keyPem, String keyWhat) throws KubeException {
        List<X509Certificate> chain = Pem.certificates(certificatePem, certificateWhat);
        PrivateKey key = Pem.privateKey(keyPem, keyWhat);
        if (!belongs(key, chain.get(0).getPublicKey())) {
            throw new KubeException(keyWhat + " does not belong to " + certificateWhat + " ("
                    + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        return new ClientKey(key, chain);
    }

    /** Whether a signature by the key verifies with the certificate's public key (true for algorithms not checked here). */
    private static boolean belongs(PrivateKey key, PublicKey certified) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        byte[] probe = "client key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(probe);
            byte[] signed = signature.sign();
            signature.initVerify(certified);
            signature.update(probe);
            return signature.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
