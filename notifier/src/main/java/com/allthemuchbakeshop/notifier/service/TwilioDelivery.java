package com.allthemuchbakeshop.notifier.service;

import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.notifier.store.OutboxStore.Pending;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Text messages through Twilio's Messages API (POST .../Accounts/{sid}/Messages.json, form
 * fields To, From, Body, HTTP basic auth). Only failures that waiting can fix are retried: no
 * answer, 429 and 5xx. Any other 4xx (a bad number, wrong credentials) is given up at once.
 */
@ApplicationScoped
public class TwilioDelivery {

    private final NotifierConfig.Twilio twilio;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    TwilioDelivery(NotifierConfig config) {
        this.twilio = config.twilio();
    }

    public DeliveryResult send(Pending p) {
        String sid = twilio.accountSid().orElseThrow();
        String form = "To=" + enc(p.message().recipient()) + "&From=" + enc(twilio.from().orElseThrow()) + "&Body=" + enc(p.message().text());
        String auth = Base64.getEncoder().encodeToString((sid + ":" + twilio.authToken().orElseThrow()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(twilio.baseUrl() + "/2010-04-01/Accounts/" + enc(sid) + "/Messages.json"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            String detail = "Twilio " + status + ": " + MailDelivery.oneLine(response.body());
            if (status == 200 || status == 201) {
                return DeliveryResult.sent(detail);
            }
            return status == 429 || status >= 500 ? DeliveryResult.retry(detail) : DeliveryResult.giveUp(detail);
        } catch (IOException e) {
            return DeliveryResult.retry("Twilio unreachable: " + MailDelivery.oneLine(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retry("interrupted");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
