package com.allthemuchbakeshop.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.allthemuchbakeshop.notifier.service.DeliverySummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The start-up line the container tests read: the SMTP host and "given up after" with the duration. */
class DeliverySummaryTest {

    @Test
    void theSendGridSetupIsSummedUpWithoutTheKey() {
        String line = DeliverySummary.line(SettingsCheckTest.config(Map.of("notifier.owner.text-channel", "email-gateway",
                "notifier.owner.sms-gateway", "5551234567@vtext.com", "notifier.retry.give-up-after", "72H")),
                "smtp.sendgrid.net", OptionalInt.of(587), "REQUIRED", "REQUIRED", Optional.of("apikey"), Path.of("/data/mailbox"));
        assertEquals("Delivery: smtp via smtp.sendgrid.net:587 (STARTTLS REQUIRED, login REQUIRED as apikey); "
                + "owner text: email-gateway; messages given up after 72h", line);
    }

    @Test
    void theLocalModeSaysWhereMessagesAreKept() {
        String line = DeliverySummary.line(SettingsCheckTest.config(Map.of("notifier.delivery", "local")),
                "smtp.sendgrid.net", OptionalInt.of(587), "REQUIRED", "REQUIRED", Optional.of("apikey"), Path.of("/data/mailbox"));
        assertEquals("Delivery: local, every message kept in /data/mailbox (nothing is sent); owner text: none; "
                + "messages given up after 48h", line);
    }

    @Test
    void aServerWithoutLoginNamesNoUser() {
        String line = DeliverySummary.line(SettingsCheckTest.config(Map.of()), "smtp.test", OptionalInt.of(3025), "disabled",
                "DISABLED", Optional.of("apikey"), Path.of("/data/mailbox"));
        assertEquals("Delivery: smtp via smtp.test:3025 (STARTTLS DISABLED, login DISABLED); owner text: none; "
                + "messages given up after 48h", line);
    }

    @Test
    void durationsReadAsWritten() {
        assertEquals("48h", DeliverySummary.duration(Duration.ofHours(48)));
        assertEquals("48h", DeliverySummary.duration(Duration.ofDays(2)));
        assertEquals("1h30m", DeliverySummary.duration(Duration.ofMinutes(90)));
        assertEquals("45s", DeliverySummary.duration(Duration.ofSeconds(45)));
        assertEquals("1m500ms", DeliverySummary.duration(Duration.ofMillis(60_500)));
        assertEquals("0s", DeliverySummary.duration(Duration.ZERO));
    }
}
