package com.allthemuchbakeshop.notifier.service;

import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.notifier.config.NotifierConfig.Delivery;
import com.allthemuchbakeshop.notifier.config.SettingsCheck;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/** Checks the settings, prepares the data directory and the outbox schema, and says how mail leaves. */
@ApplicationScoped
public class StartupTasks {

    private static final Logger LOG = Logger.getLogger(StartupTasks.class);

    @ConfigProperty(name = "quarkus.mailer.host", defaultValue = "")
    String smtpHost;

    @ConfigProperty(name = "quarkus.mailer.password")
    Optional<String> smtpPassword;

    @ConfigProperty(name = "quarkus.mailer.port")
    OptionalInt smtpPort;

    // Quarkus's own defaults, for a setting left out.
    @ConfigProperty(name = "quarkus.mailer.start-tls", defaultValue = "OPTIONAL")
    String startTls;

    @ConfigProperty(name = "quarkus.mailer.login", defaultValue = "NONE")
    String login;

    @ConfigProperty(name = "quarkus.mailer.username")
    Optional<String> smtpUsername;

    void onStart(@Observes @Priority(1) StartupEvent event, NotifierConfig config, Flyway flyway, MailDelivery mail,
            OutboxSender sender) throws IOException {
        List<String> problems = SettingsCheck.problems(config, smtpHost, smtpPassword);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Notifier settings: " + String.join("; ", problems));
        }
        Files.createDirectories(config.dataDir());
        // Snapshots are streamed once and deleted; any file left there was cut off by a stop.
        com.allthemuchbakeshop.snapshot.SqliteSnapshot.removeLeftovers(config.dataDir().resolve("snapshots"), java.time.Instant.now());
        flyway.migrate();
        if (config.delivery() == Delivery.LOCAL) {
            LOG.warnf("LOCAL MAILBOX MODE: nothing is sent; every message is kept in %s", mail.mailbox().toAbsolutePath());
        }
        LOG.info(DeliverySummary.line(config, smtpHost, smtpPort, startTls, login, smtpUsername, mail.mailbox().toAbsolutePath()));
        sender.start();
    }
}
