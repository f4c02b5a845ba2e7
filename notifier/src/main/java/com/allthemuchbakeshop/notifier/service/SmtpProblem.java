package com.allthemuchbakeshop.notifier.service;

import io.vertx.ext.mail.SMTPException;
import java.security.cert.CertificateException;
import java.util.Optional;

/**
 * Why no email can leave until someone changes a setting. Retrying cannot fix these, but the
 * messages are not at fault either: they stay pending and go out once the setting is right.
 * Each names, in plain words, what went wrong and what to check.
 */
public enum SmtpProblem {

    CREDENTIALS_REFUSED("the SMTP server refused the credentials (SENDGRID_API_KEY)",
            "SENDGRID_API_KEY: a current SendGrid API key (it starts with SG.) with the Mail Send permission; the user is apikey"),
    NO_PASSWORD("the SMTP server needs a login but no password is set (SENDGRID_API_KEY)",
            "SENDGRID_API_KEY: the SendGrid API key, the password sent with the user apikey"),
    NO_LOGIN_METHOD("the SMTP server offers no login method the notifier can use",
            "SMTP_HOST and SMTP_PORT: smtp.sendgrid.net and 587 for SendGrid"),
    LOGIN_OR_TLS_DEMANDED("the SMTP server demands STARTTLS and a login before it takes mail",
            "SMTP_STARTTLS and SMTP_LOGIN: both REQUIRED (the defaults) for SendGrid"),
    NO_STARTTLS("the SMTP server does not offer STARTTLS",
            "SMTP_HOST and SMTP_PORT: smtp.sendgrid.net and 587 for SendGrid; mail never leaves unencrypted"),
    CERTIFICATE_NOT_TRUSTED("the SMTP server's TLS certificate is not trusted",
            "SMTP_HOST: the relay's name as its certificate has it (smtp.sendgrid.net), and the Pi's clock");

    private final String reason;
    private final String check;

    SmtpProblem(String reason, String check) {
        this.reason = reason;
        this.check = check;
    }

    /** What went wrong, in words the owner can act on, e.g. for the health check. */
    public String reason() {
        return reason;
    }

    /** The setting(s) to look at, and what they should be. */
    public String check() {
        return check;
    }

    /** The problem a failed send shows, if it is one that only a change of settings can fix. */
    public static Optional<SmtpProblem> of(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SMTPException smtp) {
                if (smtp.getReplyCode() == 535 || (smtp.isPermanent() && String.valueOf(smtp.getMessage()).startsWith("AUTH "))) {
                    return Optional.of(CREDENTIALS_REFUSED);
                }
                if (smtp.getReplyCode() == 530) {
                    return Optional.of(LOGIN_OR_TLS_DEMANDED);
                }
            }
            // A certificate refused during the handshake; other handshake failures (a reset) may pass.
            if (t instanceof CertificateException) {
                return Optional.of(CERTIFICATE_NOT_TRUSTED);
            }
            // The mail client reports these without a type of their own: their text is all there is.
            String message = String.valueOf(t.getMessage());
            if (message.contains("STARTTLS required but not supported")) {
                return Optional.of(NO_STARTTLS);
            }
            if (message.contains("no allowed AUTH methods")) {
                return Optional.of(NO_LOGIN_METHOD);
            }
            if (message.contains("login is required, but no credentials")) {
                return Optional.of(NO_PASSWORD);
            }
        }
        return Optional.empty();
    }
}
