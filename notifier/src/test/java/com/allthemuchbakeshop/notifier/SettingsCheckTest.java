package com.allthemuchbakeshop.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.notifier.config.SettingsCheck;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Production settings: each missing or malformed one is named, never silently replaced. */
class SettingsCheckTest {

    static NotifierConfig config(Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>(Map.of(
                "notifier.delivery", "smtp",
                "notifier.data-dir", "/data",
                "notifier.internal-api-token", "0123456789abcdef0123456789abcdef",
                "notifier.from", "orders@allthemuchbakeshop.com",
                "notifier.owner.email", "katie@allthemuchbakeshop.com",
                "notifier.bakery.name", "All the Much Bake Shop",
                "notifier.bakery.phone", "(555) 010-4477",
                "notifier.bakery.address", "214 Main Street, Springfield, IL 62701"));
        p.putAll(overrides);
        return new SmallRyeConfigBuilder().withMapping(NotifierConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(p, "test", 100)).build().getConfigMapping(NotifierConfig.class);
    }

    @Test
    void aCompleteSendGridSetupPasses() {
        assertEquals(List.of(), SettingsCheck.problems(config(Map.of()), "smtp.sendgrid.net", Optional.of("SG.abc.def")));
    }

    @Test
    void aMissingSendGridKeyStopsTheServiceInsteadOfKeepingMailOnThePi() {
        List<String> problems = SettingsCheck.problems(config(Map.of()), "smtp.sendgrid.net", Optional.empty());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("SENDGRID_API_KEY"), problems.get(0));
        assertTrue(SettingsCheck.problems(config(Map.of()), "smtp.sendgrid.net", Optional.of("hunter2")).get(0).startsWith("SENDGRID_API_KEY"));
    }

    @Test
    void eachBadSettingIsNamed() {
        List<String> problems = SettingsCheck.problems(config(Map.of(
                "notifier.internal-api-token", "short",
                "notifier.from", "orders",
                "notifier.owner.text-channel", "twilio",
                "notifier.owner.phone", "555-0104")), "smtp.sendgrid.net", Optional.of("SG.x"));
        List<String> names = problems.stream().map(p -> p.substring(0, p.indexOf(' '))).toList();
        assertEquals(List.of("INTERNAL_API_TOKEN", "MAIL_FROM", "OWNER_PHONE", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"), names);
        assertTrue(SettingsCheck.problems(config(Map.of("notifier.owner.text-channel", "email-gateway")), "h", Optional.empty())
                .get(0).startsWith("OWNER_SMS_GATEWAY"));
    }

    @Test
    void placeholderAddressesAreRefusedWhenMailIsSentForReal() {
        List<String> problems = SettingsCheck.problems(config(Map.of(
                "notifier.from", "orders@example.org",
                "notifier.owner.email", "katie@example.com",
                "notifier.owner.text-channel", "email-gateway",
                "notifier.owner.sms-gateway", "5551234567@sms.localhost")), "smtp.sendgrid.net", Optional.of("SG.x"));
        assertEquals(List.of("MAIL_FROM is a placeholder address (orders@example.org); put the real one",
                "OWNER_EMAIL is a placeholder address (katie@example.com); put the real one",
                "OWNER_SMS_GATEWAY is a placeholder address (5551234567@sms.localhost); put the real one"), problems);
        // The tests' own .test domains and look-alikes of the placeholders are real enough.
        assertEquals(List.of(), SettingsCheck.problems(config(Map.of("notifier.owner.email", "katie@allthemuchbakeshop.test",
                "notifier.from", "orders@myexample.com")), "smtp.sendgrid.net", Optional.of("SG.x")));
    }

    @Test
    void theLocalModeNeedsNoSmtpAtAll() {
        assertEquals(List.of(), SettingsCheck.problems(config(Map.of("notifier.delivery", "local")), "", Optional.empty()));
        // ... and keeps mail for local addresses, which it never sends.
        assertEquals(List.of(), SettingsCheck.problems(config(Map.of("notifier.delivery", "local",
                "notifier.owner.email", "owner@localhost.test", "notifier.from", "orders@mail.localhost.test")), "", Optional.empty()));
    }
}
