package io.github.migrationchart.plugins.common.kube;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Private keys in each PEM form kubectl reads, made by the JDK here and, where it is installed, by openssl. */
class PemTest {
    private static PrivateKey read(String pem) throws KubeException {
        return Pem.privateKey(pem.getBytes(StandardCharsets.US_ASCII), "the key");
    }

    @Test
    void readsRsaKeysInPkcs8AndPkcs1() throws KubeException {
        KeyPair rsa = TestPki.rsa();
        assertArrayEquals(rsa.getPrivate().getEncoded(), read(TestPki.pkcs8(rsa)).getEncoded());
        PrivateKey fromPkcs1 = read(TestPki.pkcs1(rsa));
        assertEquals("RSA", fromPkcs1.getAlgorithm());
        assertArrayEquals(rsa.getPrivate().getEncoded(), fromPkcs1.getEncoded(), "wrapped into the same PKCS#8 the JDK writes");
    }

    @Test
    void readsEcKeysInPkcs8AndSec1() throws KubeException {
        KeyPair ec = TestPki.ec();
        assertArrayEquals(ec.getPrivate().getEncoded(), read(TestPki.pkcs8(ec)).getEncoded());
        PrivateKey fromSec1 = read(TestPki.sec1(ec));
        assertEquals("EC", fromSec1.getAlgorithm());
        assertEquals(s(ec.getPrivate()), s(fromSec1));
    }

    @Test
    void readsEd25519KeysInPkcs8() throws KubeException {
        KeyPair ed = TestPki.ed25519();
        assertArrayEquals(ed.getPrivate().getEncoded(), read(TestPki.pkcs8(ed)).getEncoded());
    }

    @Test
    void skipsTheEcParametersBlockThatOpensslWritesFirst() throws KubeException {
        KeyPair ec = TestPki.ec();
        String pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + TestPki.sec1(ec);
        assertEquals("EC", read(pem).getAlgorithm());
    }

    @Test
    void refusesWhatItCannotRead() {
        assertTrue(assertThrows(KubeException.class, () -> read("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n")).getMessage().contains("is encrypted"));
        assertTrue(assertThrows(KubeException.class, () -> read("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00\n\nMIIB\n-----END RSA PRIVATE KEY-----\n")).getMessage().contains("is encrypted"));
        assertEquals("the key holds no PEM private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)",
                assertThrows(KubeException.class, () -> read(TestPki.pem("CERTIFICATE", new byte[] {1}))).getMessage());
        assertTrue(assertThrows(KubeException.class, () -> read(TestPki.pem("PRIVATE KEY", new byte[] {0x30, 0x03, 1, 2})))
                .getMessage().startsWith("the key is not a valid private key"));
        assertTrue(assertThrows(KubeException.class, () -> read(TestPki.pem("DSA PRIVATE KEY", new byte[] {0x30, 0})))
                .getMessage().contains("not an RSA or EC private key"));
    }

    @Test
    void aKeyMustBelongToItsCertificate() throws KubeException {
        TestPki.Identity ca = TestPki.authority("ca");
        TestPki.Identity client = TestPki.issue(ca, "client", TestPki.ec(), List.of());
        byte[] certificate = client.certificatePem().getBytes(StandardCharsets.US_ASCII);
        assertEquals(s(client.keys().getPrivate()), s(ClientKey.of(certificate, "the cert",
                TestPki.sec1(client.keys()).getBytes(StandardCharsets.US_ASCII), "the key").key()), "a SEC1 key fits its certificate");
        KubeException other = assertThrows(KubeException.class, () -> ClientKey.of(certificate, "the cert",
                TestPki.pkcs8(TestPki.ec()).getBytes(StandardCharsets.US_ASCII), "the key"));
        assertEquals("the key does not belong to the cert (CN=client)", other.getMessage());
        assertThrows(KubeException.class, () -> ClientKey.of(certificate, "the cert",
                TestPki.pkcs1(TestPki.rsa()).getBytes(StandardCharsets.US_ASCII), "the key"), "an RSA key for an EC certificate");
    }

    /** The forms openssl 3 writes: what the test cluster's kubeconfig (openssl req -newkey ec) and older tools hold. */
    @Test
    void readsTheKeysOpensslWrites(@TempDir Path dir) throws Exception {
        assumeTrue(openssl(dir, "version"), "openssl is not installed");
        assertTrue(openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "req-ec.key", "-out", "req-ec.crt", "-days", "1", "-subj", "/CN=admin"));
        assertTrue(openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "sec1.key"));
        assertTrue(openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pkcs8-rsa.key"));
        assertTrue(openssl(dir, "pkey", "-in", "pkcs8-rsa.key", "-traditional", "-out", "pkcs1.key"));
        assertTrue(openssl(dir, "genpkey", "-algorithm", "ed25519", "-out", "ed25519.key"));

        assertTrue(Files.readString(dir.resolve("req-ec.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals("EC", ClientKey.of(Files.readAllBytes(dir.resolve("req-ec.crt")), "the cert",
                Files.readAllBytes(dir.resolve("req-ec.key")), "the key").key().getAlgorithm());
        assertTrue(Files.readString(dir.resolve("sec1.key")).startsWith("-----BEGIN EC PARAMETERS-----"));
        assertEquals("EC", key(dir, "sec1.key").getAlgorithm());
        assertTrue(Files.readString(dir.resolve("pkcs1.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertArrayEquals(key(dir, "pkcs8-rsa.key").getEncoded(), key(dir, "pkcs1.key").getEncoded());
        assertEquals("EdDSA", key(dir, "ed25519.key").getAlgorithm());
    }

    /** An EC key's secret. */
    private static BigInteger s(PrivateKey ec) {
        return ((ECPrivateKey) ec).getS();
    }

    private static PrivateKey key(Path dir, String file) throws IOException, KubeException {
        return Pem.privateKey(Files.readAllBytes(dir.resolve(file)), file);
    }

    private static boolean openssl(Path dir, String... args) throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
