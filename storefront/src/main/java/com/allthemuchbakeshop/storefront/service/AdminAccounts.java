package com.allthemuchbakeshop.storefront.service;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The admin accounts (the owner's and the developer's), from STOREFRONT_ADMIN_USERS as
 * {@code name:bcrypt-hash} pairs. Only hashes are configured; a malformed entry stops the
 * storefront at start-up with a message naming it.
 */
@ApplicationScoped
public class AdminAccounts {

    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,40}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    private final Map<String, byte[]> hashes;
    /**
     * Checked against when the name is unknown, at the highest cost of the configured hashes, so a
     * wrong name takes as long as a wrong password and names cannot be told apart by timing.
     */
    private final byte[] dummyHash;

    @Inject
    AdminAccounts(StorefrontConfig config) {
        this(config.admin().users().orElse(List.of()));
    }

    public AdminAccounts(List<String> entries) {
        Map<String, byte[]> parsed = new LinkedHashMap<>();
        int index = 0;
        for (String raw : entries) {
            index++;
            String entry = raw.strip();
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).toLowerCase(Locale.ROOT);
            String hash = colon < 0 ? "" : entry.substring(colon + 1);
            if (!NAME.matcher(name).matches() || !BCRYPT.matcher(hash).matches()) {
                throw new IllegalArgumentException("STOREFRONT_ADMIN_USERS entry " + index
                        + " must look like katie:$2y$12$... (a name, a colon, a bcrypt hash); see docs/admin-accounts.md");
            }
            int cost = Integer.parseInt(hash.substring(4, 6));
            if (cost < 10) {
                throw new IllegalArgumentException("STOREFRONT_ADMIN_USERS entry " + index + " (" + name
                        + ") uses bcrypt cost " + cost + "; use 10 or more");
            }
            parsed.put(name, hash.getBytes(StandardCharsets.UTF_8));
        }
        this.hashes = Map.copyOf(parsed);
        int cost = parsed.values().stream().mapToInt(h -> Integer.parseInt(new String(h, 4, 2, StandardCharsets.US_ASCII)))
                .max().orElse(10);
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        this.dummyHash = BCrypt.withDefaults().hash(cost, salt, "no-such-account".getBytes(StandardCharsets.UTF_8));
    }

    /** Is this (canonical) name an account? */
    public boolean exists(String name) {
        return hashes.containsKey(canonical(name));
    }

    /** The bcrypt cost of the dummy hash checked for unknown names. */
    int dummyCost() {
        return Integer.parseInt(new String(dummyHash, 4, 2, StandardCharsets.US_ASCII));
    }

    public boolean any() {
        return !hashes.isEmpty();
    }

    /** The account's canonical name if the password is right. */
    public boolean verify(String name, String password) {
        byte[] hash = hashes.get(canonical(name));
        byte[] candidate = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        if (candidate.length > 72) {
            return false; // bcrypt ignores bytes after 72; refuse rather than accept a prefix
        }
        boolean ok = BCrypt.verifyer().verify(candidate, hash == null ? dummyHash : hash).verified;
        return ok && hash != null;
    }

    /**
     * The account's password as configured now, as a SHA-256 of its bcrypt hash (never the hash
     * itself): a session keeps it from its sign-in, so a changed password or a removed account
     * ends the sessions opened before.
     */
    public Optional<String> credential(String name) {
        byte[] hash = hashes.get(canonical(name));
        if (hash == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(hash)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String canonical(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }
}
