package com.allthemuchbakeshop.storefront.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PageCacheTest {

    @Test
    void gzipIsSentOnlyWhereTheClientAcceptsIt() {
        assertTrue(PageCache.acceptsGzip("gzip"));
        assertTrue(PageCache.acceptsGzip("gzip, deflate, br, zstd"), "what browsers send");
        assertTrue(PageCache.acceptsGzip("br;q=1.0, GZIP;q=0.5"));
        assertTrue(PageCache.acceptsGzip("*"));
        assertFalse(PageCache.acceptsGzip(null));
        assertFalse(PageCache.acceptsGzip(""));
        assertFalse(PageCache.acceptsGzip("br, deflate"));
        assertFalse(PageCache.acceptsGzip("identity"));
        assertFalse(PageCache.acceptsGzip("gzip;q=0"));
        assertFalse(PageCache.acceptsGzip("gzip; q=0.000"));
        assertFalse(PageCache.acceptsGzip("*, gzip;q=0"), "gzip's own entry wins over *");
        assertFalse(PageCache.acceptsGzip("*;q=0"));
        assertFalse(PageCache.acceptsGzip("gzipfoo"));
    }
}
