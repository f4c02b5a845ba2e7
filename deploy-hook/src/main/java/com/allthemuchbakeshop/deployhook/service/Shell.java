package com.allthemuchbakeshop.deployhook.service;

/** Quoting for the one shell command a helper runs on the host. */
final class Shell {

    private Shell() {
    }

    /** 'text' with every ' closed, escaped and reopened: safe for any string. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
