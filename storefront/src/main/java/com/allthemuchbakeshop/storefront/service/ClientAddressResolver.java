package com.allthemuchbakeshop.storefront.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is the client? The TCP peer, unless the peer is one of our own proxies (the edge proxy,
 * which passes on Cloudflare's CF-Connecting-IP); anyone else could forge that header.
 */
public class ClientAddressResolver {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> trusted;

    /** @param trustedRanges CIDR ranges such as {@code 172.16.0.0/12} or {@code ::1/128} */
    public ClientAddressResolver(List<String> trustedRanges) {
        this.trusted = trustedRanges.stream().map(String::strip).filter(s -> !s.isEmpty()).map(Range::parse).toList();
    }

    public String resolve(String peer, String cfConnectingIp) {
        if (cfConnectingIp != null && isTrusted(peer)) {
            String claimed = cfConnectingIp.strip();
            if (literal(claimed) != null) {
                return claimed;
            }
        }
        return peer;
    }

    boolean isTrusted(String peer) {
        byte[] address = literal(peer);
        return address != null && trusted.stream().anyMatch(r -> r.contains(address));
    }

    /**
     * The key a rate limit counts by: the address itself, or for IPv6 its /64 network, since one
     * household or one attacker gets a whole /64 and could otherwise rotate through it.
     */
    public static String rateLimitKey(String address) {
        byte[] bytes = literal(address);
        if (bytes == null || bytes.length == 4) {
            return address;
        }
        return java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }

    /** The address bytes of an IP literal, or null; never a DNS lookup. */
    static byte[] literal(String text) {
        if (text == null || text.length() > 45 || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return null;
        }
        if (IPV4.matcher(text).matches()) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null; // "999.1.1.1" would otherwise be looked up as a host name
                }
            }
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int prefixBits) {

        static Range parse(String cidr) {
            int slash = cidr.indexOf('/');
            byte[] network = literal(slash < 0 ? cidr : cidr.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("not an IP range: '" + cidr + "' (expected e.g. 172.16.0.0/12)");
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in IP range '" + cidr + "'");
                }
            }
            return new Range(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixBits / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }
}
