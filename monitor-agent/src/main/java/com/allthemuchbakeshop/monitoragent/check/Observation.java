package com.allthemuchbakeshop.monitoragent.check;

/**
 * One check's result at one moment: whether it passed, a plain one-line summary, and the
 * technical detail for the developer (log lines, HTTP status, figures).
 *
 * @param key       what was checked, stable across runs, e.g. "site", "container:storefront", "disk"
 * @param name      how people call it, e.g. "the website", "the storefront container"
 * @param audience  who hears of a change: OWNER (the website, in plain words, and the developer) or DEVELOPER only
 * @param ok        passed
 * @param summary   one line, e.g. "not running (exited with code 137)"
 * @param detail    more lines for the developer, may be empty
 * @param millis    how long the check took (HTTP checks), or -1
 * @param confirmed a failure that needs no second look (an out-of-memory kill, a crash loop): down at once
 */
public record Observation(String key, String name, Audience audience, boolean ok, String summary, String detail, long millis,
        boolean confirmed) {

    /** Who is told when the check goes down or comes back. */
    public enum Audience {
        /** Katie (plain words, email and text) and the developer: only what customers notice. */
        OWNER,
        /** The developer only: containers, disk, backups, resources. */
        DEVELOPER
    }

    public static Observation ok(String key, String name, Audience audience, String summary, long millis) {
        return new Observation(key, name, audience, true, summary, "", millis, false);
    }

    public static Observation failed(String key, String name, Audience audience, String summary, String detail, long millis) {
        return new Observation(key, name, audience, false, summary, detail == null ? "" : detail, millis, false);
    }

    /** A failure that is certain from one sighting (a Docker event said so). */
    public Observation certain() {
        return new Observation(key, name, audience, ok, summary, detail, millis, true);
    }
}
