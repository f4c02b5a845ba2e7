package com.allthemuchbakeshop.storefront;

import java.util.regex.Pattern;

/**
 * What the storefront accepts as an email address: one address, no display name, no list
 * separators or quoting, so it is exactly what the notifier will send to.
 */
public final class EmailAddresses {

    public static final int MAX = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl},;<>\"]+@[^@\\s\\p{Cntrl},;<>\"]+\\.[^@\\s\\p{Cntrl},;<>\".]+");

    private EmailAddresses() {
    }

    public static boolean valid(String address) {
        return address != null && address.length() <= MAX && EMAIL.matcher(address).matches();
    }
}
