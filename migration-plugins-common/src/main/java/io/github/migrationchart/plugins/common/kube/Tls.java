package io.github.migrationchart.plugins.common.kube;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The TLS side of a connection to the API server: trust the cluster's certificate authorities
 * (else the JDK's), or anything with {@code insecure-skip-tls-verify}; check the server's
 * certificate against its host, or against {@code tls-server-name}; present the client certificate.
 */
final class Tls {
    private Tls() {}

    /** The context for a client of {@code config}; {@code clientKey} gives the client certificate at each handshake (an exec plugin's may change). */
    static SSLContext context(ClientConfig config, Supplier<ClientKey> clientKey) throws KubeException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new ClientKeyManager(clientKey)},
                    new TrustManager[] {new ServerTrust(config.insecure() ? null : pkix(config.authorities()), config.tlsServerName())},
                    null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new KubeException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The parameters that send {@code tls-server-name} as the server name (SNI). The JDK's client
     * puts the URL's host there when it is a name, so this only counts for a server given by its IP address.
     */
    static SSLParameters parameters(SSLContext context, ClientConfig config) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        if (config.tlsServerName() != null && Hosts.literal(config.tlsServerName()) == null) {
            parameters.setServerNames(List.of(new SNIHostName(config.tlsServerName())));
        }
        return parameters;
    }

    private static X509ExtendedTrustManager pkix(List<X509Certificate> authorities) throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (authorities.isEmpty()) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("authority-" + i, authorities.get(i));
            }
            factory.init(store);
        }
        return Arrays.stream(factory.getTrustManagers()).filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast).findFirst()
                .orElseThrow(() -> new GeneralSecurityException("the JDK has no X509ExtendedTrustManager"));
    }

    /**
     * Checks the server's chain with the JDK (null: not at all) and its name: the JDK's check of the
     * URL's host, or, with {@code tls-server-name}, that name against the certificate's SANs.
     */
    private static final class ServerTrust extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private final String serverName;

        ServerTrust(X509ExtendedTrustManager pkix, String serverName) {
            this.pkix = pkix;
            this.serverName = serverName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            if (pkix != null && serverName == null) {
                pkix.checkServerTrusted(chain, authType, engine);
            } else {
                checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            if (pkix != null && serverName == null) {
                pkix.checkServerTrusted(chain, authType, socket);
            } else {
                checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (pkix == null) {
                return;
            }
            pkix.checkServerTrusted(chain, authType); // the chain only, no host name
            if (serverName != null && !Hosts.certifies(chain[0], serverName)) {
                throw new CertificateException("the server's certificate is not valid for " + serverName + " (tls-server-name)");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix == null ? new X509Certificate[0] : pkix.getAcceptedIssuers();
        }
    }

    /**
     * Presents the client certificate whenever the server asks and its key type fits, whatever
     * authorities the server names, as client-go does.
     */
    private static final class ClientKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final Supplier<ClientKey> clientKey;

        ClientKeyManager(Supplier<ClientKey> clientKey) {
            this.clientKey = clientKey;
        }

        private String alias(String... keyTypes) {
            ClientKey key = clientKey.get();
            return key != null && Arrays.asList(keyTypes).contains(key.key().getAlgorithm()) ? ALIAS : null;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return alias(keyTypes);
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return alias(keyTypes);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return alias(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            ClientKey key = clientKey.get();
            return ALIAS.equals(alias) && key != null ? key.chain().toArray(X509Certificate[]::new) : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            ClientKey key = clientKey.get();
            return ALIAS.equals(alias) && key != null ? key.key() : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
