package com.allthemuchbakeshop.storefront.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver resolver = new ClientAddressResolver(List.of("172.16.0.0/12", "::1/128"));

    @Test
    void trustsTheHeaderOnlyFromTheEdgeProxy() {
        assertEquals("198.51.100.7", resolver.resolve("172.18.0.5", "198.51.100.7"));
        assertEquals("2001:db8::1", resolver.resolve("::1", "2001:db8::1"));
        assertEquals("203.0.113.9", resolver.resolve("203.0.113.9", "198.51.100.7"), "anyone else could forge it");
        assertEquals("172.32.0.1", resolver.resolve("172.32.0.1", "198.51.100.7"), "just outside the /12");
    }

    @Test
    void ignoresAHeaderThatIsNotAnAddress() {
        assertEquals("172.18.0.5", resolver.resolve("172.18.0.5", "example.com"));
        assertEquals("172.18.0.5", resolver.resolve("172.18.0.5", "1.2.3.4, 5.6.7.8"));
        assertEquals("172.18.0.5", resolver.resolve("172.18.0.5", "cafe"), "hex letters alone would be a DNS name");
        assertEquals("172.18.0.5", resolver.resolve("172.18.0.5", null));
    }

    @Test
    void rateLimitsCountAnIpv6NetworkAsOneClient() {
        assertEquals(ClientAddressResolver.rateLimitKey("2001:db8:1:2::1"), ClientAddressResolver.rateLimitKey("2001:db8:1:2:ffff::9"));
        assertTrue(!ClientAddressResolver.rateLimitKey("2001:db8:1:2::1").equals(ClientAddressResolver.rateLimitKey("2001:db8:1:3::1")));
        assertEquals("198.51.100.7", ClientAddressResolver.rateLimitKey("198.51.100.7"));
        assertEquals("172.18.0.5", resolver.resolve("172.18.0.5", "999.1.1.1"), "not an address, and never looked up");
    }

    @Test
    void matchesPrefixesBitByBit() {
        ClientAddressResolver r = new ClientAddressResolver(List.of("10.1.2.128/25"));
        assertTrue(r.isTrusted("10.1.2.200"));
        assertFalse(r.isTrusted("10.1.2.127"));
        assertTrue(new ClientAddressResolver(List.of("127.0.0.1")).isTrusted("127.0.0.1"));
        assertFalse(new ClientAddressResolver(List.of()).isTrusted("127.0.0.1"), "nobody is trusted by default");
        assertTrue(new ClientAddressResolver(List.of("127.0.0.0/8")).isTrusted("::ffff:127.0.0.1"), "IPv4-mapped peer");
    }

    @Test
    void refusesAMistypedRangeAtStartUp() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ClientAddressResolver(List.of("172.16.0.0/33")));
        assertTrue(e.getMessage().contains("172.16.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddressResolver(List.of("edge-proxy")));
    }
}
