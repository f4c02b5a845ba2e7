package com.allthemuchbakeshop.notifier.service;

import com.allthemuchbakeshop.notifier.OutgoingMessage;
import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.notifier.config.NotifierConfig.Delivery;
import com.allthemuchbakeshop.notifier.store.OutboxStore.Pending;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Email out: through SMTP (SendGrid's relay in production) or, in the local mode, into a mailbox
 * directory where a developer can read every message and nothing leaves the machine.
 */
@ApplicationScoped
public class MailDelivery {

    private final Mailer mailer;
    private final NotifierConfig config;
    private final SmtpStatus status;
    private final Path mailbox;

    MailDelivery(Mailer mailer, NotifierConfig config, SmtpStatus status) {
        this.mailer = mailer;
        this.config = config;
        this.status = status;
        this.mailbox = config.dataDir().resolve("mailbox");
    }

    public Path mailbox() {
        return mailbox;
    }

    public DeliveryResult send(Pending p) {
        OutgoingMessage m = p.message();
        if (config.delivery() == Delivery.LOCAL) {
            return keepLocally(p);
        }
        Mail mail = Mail.withText(m.recipient(), m.subject(), m.text())
                .setFrom(sender())
                .addHeader("Message-ID", p.messageId());
        if (m.html() != null) {
            mail.setHtml(m.html());
        }
        if (m.replyTo() != null) {
            mail.setReplyTo(m.replyTo());
        }
        try {
            mailer.send(mail);
            status.sent();
            return DeliveryResult.sent("accepted by the SMTP server");
        } catch (RuntimeException e) {
            SMTPException smtp = cause(e, SMTPException.class);
            String raw = smtp != null ? "SMTP " + smtp.getReplyCode() + ": " + oneLine(smtp.getMessage()) : oneLine(String.valueOf(rootMessage(e)));
            Optional<SmtpProblem> problem = SmtpProblem.of(e);
            if (problem.isPresent()) {
                // The settings are wrong, not the message: never given up at once, it waits like any retry.
                status.failed(problem.get());
                return DeliveryResult.retry(problem.get().reason() + "; check " + problem.get().check() + " [" + raw + "]");
            }
            if (smtp != null && smtp.isPermanent()) {
                return DeliveryResult.giveUp(raw);
            }
            return DeliveryResult.retry(raw);
        }
    }

    /** Writes the message as a .eml file the developer can open; nothing is sent. */
    public DeliveryResult keepLocally(Pending p) {
        OutgoingMessage m = p.message();
        StringBuilder eml = new StringBuilder()
                .append("Message-ID: ").append(p.messageId()).append("\r\n")
                .append("From: ").append(sender()).append("\r\n")
                .append("To: ").append(m.recipient()).append("\r\n");
        if (m.replyTo() != null) {
            eml.append("Reply-To: ").append(m.replyTo()).append("\r\n");
        }
        eml.append("Subject: ").append(m.subject()).append("\r\n")
                .append("X-Bakeshop-Channel: ").append(m.channel()).append("\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n\r\n")
                .append(m.text());
        try {
            Files.createDirectories(mailbox);
            Path tmp = Files.createTempFile(mailbox, ".msg-", ".tmp");
            Files.writeString(tmp, eml, StandardCharsets.UTF_8);
            Path target = mailbox.resolve(String.format("%06d-%s-%s.eml", p.id(), p.kind(), m.channel().name().toLowerCase(java.util.Locale.ROOT)));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return DeliveryResult.sent("kept in the local mailbox " + target.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the local mailbox " + mailbox, e);
        }
    }

    /** "Name" <address>, quoted so a comma in the bakery's name cannot split the header. */
    private String sender() {
        return "\"" + config.fromName().replaceAll("[\"\\\\\\r\\n]", "") + "\" <" + config.from() + ">";
    }

    static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static String oneLine(String s) {
        String line = s == null ? "" : s.replaceAll("[\\r\\n]+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
