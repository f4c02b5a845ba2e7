package com.allthemuchbakeshop.storefront.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdminAccountsTest {

    /** Made by infra/scripts/hash-password.sh (htpasswd, $2y$, cost 12) for "a long test password". */
    private static final String HTPASSWD_HASH = "$2y$12$wCKuC6aqJlx0DxRzXu9sr.OnCKi7whI890l6Npp/m85z.yVxoLDui";

    @Test
    void acceptsTheHashThatTheDocumentedCommandMakes() {
        AdminAccounts accounts = new AdminAccounts(List.of("katie:" + HTPASSWD_HASH));
        assertTrue(accounts.verify("katie", "a long test password"));
        assertTrue(accounts.verify(" Katie ", "a long test password"), "names ignore case and spaces");
        assertFalse(accounts.verify("katie", "a long test passwor"));
        assertFalse(accounts.verify("gerell", "a long test password"));
        assertFalse(accounts.verify("katie", null));
    }

    @Test
    void aMalformedEntryStopsStartUpWithAMessageNamingIt() {
        var missingHash = assertThrows(IllegalArgumentException.class, () -> new AdminAccounts(List.of("katie")));
        assertTrue(missingHash.getMessage().contains("STOREFRONT_ADMIN_USERS entry 1"), missingHash.getMessage());
        var plainPassword = assertThrows(IllegalArgumentException.class,
                () -> new AdminAccounts(List.of("katie:" + HTPASSWD_HASH, "gerell:hunter2")));
        assertTrue(plainPassword.getMessage().contains("entry 2"), plainPassword.getMessage());
        var weak = assertThrows(IllegalArgumentException.class,
                () -> new AdminAccounts(List.of("katie:$2y$04$" + "a".repeat(53))));
        assertTrue(weak.getMessage().contains("cost 4"), weak.getMessage());
        assertFalse(new AdminAccounts(List.of()).any(), "no accounts: nobody can sign in");
    }
}
