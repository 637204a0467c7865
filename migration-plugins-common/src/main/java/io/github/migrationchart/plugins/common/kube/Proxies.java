package io.github.migrationchart.plugins.common.kube;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The HTTP proxy to the API server, as client-go picks it: the cluster's {@code proxy-url}, else
 * {@code HTTPS_PROXY} (for an https server) or {@code HTTP_PROXY} unless {@code NO_PROXY} names the
 * server; never for localhost. The JDK's client speaks plain HTTP to a proxy (CONNECT for https)
 * and takes no credentials in its URL, so only {@code http://host:port} proxies are supported;
 * others (socks5, https, user:password@) are refused with a reason rather than bypassed.
 */
final class Proxies {
    private Proxies() {}

    /** The proxy for {@code server}, or null for none. */
    static URI choose(String proxyUrl, URI server, Environment environment) throws KubeException {
        if (proxyUrl != null) {
            return parse(proxyUrl, "the proxy-url");
        }
        String host = server.getHost() == null ? "" : server.getHost().toLowerCase(Locale.ROOT);
        InetAddress address = Hosts.literal(host);
        if (host.equals("localhost") || address != null && address.isLoopbackAddress()) {
            return null;
        }
        boolean https = "https".equals(server.getScheme());
        String name = https ? "HTTPS_PROXY" : "HTTP_PROXY";
        String proxy = firstSet(environment, name, name.toLowerCase(Locale.ROOT));
        String noProxy = firstSet(environment, "NO_PROXY", "no_proxy");
        int port = server.getPort() != -1 ? server.getPort() : https ? 443 : 80;
        if (proxy == null || noProxy != null && excluded(host, port, noProxy)) {
            return null;
        }
        return parse(proxy, "$" + name);
    }

    /** Whether NO_PROXY names the host: {@code *}, a domain and its subdomains ({@code .example.com}: subdomains only), an IP, a CIDR, each with an optional port. */
    static boolean excluded(String host, int port, String noProxy) {
        InetAddress address = Hosts.literal(host);
        for (String raw : noProxy.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.equals("*")) {
                return true;
            }
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && !entry.contains("/")) { // host:port (IPv6 entries take no port here)
                if (!entry.substring(colon + 1).equals(String.valueOf(port))) {
                    continue;
                }
                entry = entry.substring(0, colon);
            }
            if (entry.contains("/")) {
                if (address != null && inCidr(address, entry)) {
                    return true;
                }
            } else if (Hosts.literal(entry) != null) {
                if (Hosts.literal(entry).equals(address)) {
                    return true;
                }
            } else if (!entry.isEmpty() && address == null) {
                String domain = entry.startsWith("*.") ? entry.substring(1) : entry;
                if (host.endsWith(domain.startsWith(".") ? domain : "." + domain) || host.equals(domain)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean inCidr(InetAddress address, String cidr) {
        InetAddress network = Hosts.literal(cidr.substring(0, cidr.indexOf('/')));
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] a = address.getAddress();
        if (network == null || network.getAddress().length != a.length || bits < 0 || bits > a.length * 8) {
            return false;
        }
        byte[] n = network.getAddress();
        for (int bit = 0; bit < bits; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static URI parse(String url, String what) throws KubeException {
        URI proxy;
        try {
            proxy = new URI(url.contains("://") ? url : "http://" + url);
        } catch (URISyntaxException e) {
            throw new KubeException(what + " " + url + " is not a URL", e);
        }
        if (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null || proxy.getUserInfo() != null) {
            throw new KubeException(what + " " + url.replaceFirst("//[^/@]*@", "//***@")
                    + " is not supported: only http://host:port proxies, without credentials");
        }
        return proxy;
    }

    private static String firstSet(Environment environment, String... names) {
        for (String name : names) {
            if (environment.variable(name) != null) {
                return environment.variable(name);
            }
        }
        return null;
    }
}
