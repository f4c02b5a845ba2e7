package com.allthemuchbakeshop.storefront.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CSRF cookie's name as the shipped application.properties resolve it: with the __Host-
 * prefix whenever cookies are Secure (production), plain only for a plain-http local run.
 * The running tests use the local form; this reads the production one.
 */
class CsrfCookieSettingsTest {

    private static String cookieName(String secureCookies) throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(CsrfCookieSettingsTest.class.getResource("/application.properties"), 100))
                .withSources(new MapBackedConfigSource("environment", secureCookies == null ? Map.of()
                        : Map.of("STOREFRONT_SECURE_COOKIES", secureCookies), 300) {
                })
                .build();
        return config.getValue("quarkus.rest-csrf.cookie-name", String.class);
    }

    @Test
    void productionCookiesCarryTheHostPrefixLocalOnesCannot() throws Exception {
        assertEquals("__Host-csrf-token", cookieName(null), "the default is production's");
        assertEquals("__Host-csrf-token", cookieName("true"));
        assertEquals("csrf-token", cookieName("false"));
    }
}
