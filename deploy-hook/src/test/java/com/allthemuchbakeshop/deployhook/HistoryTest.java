package com.allthemuchbakeshop.deployhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.deployhook.store.History;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    private static final Instant AT = Instant.parse("2026-12-04T22:00:00Z");

    @TempDir
    Path dir;

    private static long deploy(History h, String kind, String from, String to, String state) {
        long id = h.start(kind, "storefront", "repo@" + to, "abc1234", "bats", AT);
        h.images(id, "sha256:" + to, "repo@" + from, "sha256:" + from);
        h.finish(id, state, "", AT, 10L);
        return id;
    }

    @Test
    void aRollbackGoesBackFromTheLastDeployThatChangedTheImage() throws Exception {
        History h = new History(dir);
        try {
            assertTrue(h.lastImageChange("storefront").isEmpty(), "nothing deployed yet: nothing to go back to");
            long v2 = deploy(h, "deploy", "v1", "v2", History.SUCCEEDED);
            deploy(h, "deploy", "v2", "v2", History.SUCCEEDED); // a changed setting, the same image
            deploy(h, "deploy", "v2", "v3", History.ROLLED_BACK); // never went live for good
            deploy(h, "deploy", "v2", "v4", History.FAILED);
            assertEquals(v2, h.lastImageChange("storefront").orElseThrow().id());
            assertEquals("repo@v1", h.lastImageChange("storefront").orElseThrow().previousImage());
            // the rollback itself is a change: a second one goes forward again, to v2
            long back = deploy(h, "rollback", "v2", "v1", History.SUCCEEDED);
            assertEquals(back, h.lastImageChange("storefront").orElseThrow().id());
            assertEquals("repo@v2", h.lastImageChange("storefront").orElseThrow().previousImage());
            assertTrue(h.lastImageChange("notifier").isEmpty());
        } finally {
            h.close();
        }
    }
}
