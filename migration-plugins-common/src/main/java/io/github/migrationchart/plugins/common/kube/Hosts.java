package io.github.migrationchart.plugins.common.kube;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Host names and IP addresses: which are literal addresses, and which a certificate is valid for. */
final class Hosts {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private Hosts() {}

    /** The address that {@code host} spells (IPv4, or IPv6 with or without brackets), or null for a name; never asks DNS. */
    static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4.matcher(bare).matches() && !bare.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(bare); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Whether the certificate's subject alternative names include {@code name} (a DNS name, where
     * {@code *.example.com} covers one label, or an IP address). As in Go, the common name does not count.
     */
    static boolean certifies(X509Certificate certificate, String name) throws CertificateParsingException {
        InetAddress address = literal(name);
        String lower = name.toLowerCase(Locale.ROOT);
        for (List<?> alternative : certificate.getSubjectAlternativeNames() == null ? List.<List<?>>of()
                : certificate.getSubjectAlternativeNames()) {
            int type = (Integer) alternative.get(0);
            String value = String.valueOf(alternative.get(1)).toLowerCase(Locale.ROOT);
            if (type == IP_ADDRESS && address != null && address.equals(literal(value))) {
                return true;
            }
            if (type == DNS_NAME && address == null && (value.equals(lower) || value.startsWith("*.")
                    && lower.indexOf('.') > 0 && lower.substring(lower.indexOf('.')).equals(value.substring(1)))) {
                return true;
            }
        }
        return false;
    }
}
