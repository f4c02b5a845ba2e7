package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.OrderRequest;
import com.allthemuchbakeshop.storefront.StoredOrder;
import com.allthemuchbakeshop.storefront.client.NotifierClient;
import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import com.allthemuchbakeshop.storefront.store.OrderStore;
import com.allthemuchbakeshop.storefront.store.SubscriberStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Hands stored orders and sign-ups to the notifier, in the background: the customer's page never
 * waits for it. An order's notification status goes pending → handed-over → delivered (or
 * failed); while the notifier cannot be reached, everything stays pending and is tried again
 * every few seconds. Idempotency keys make a repeated hand-over harmless.
 *
 * <p>One bad item never blocks the queue: a notification the notifier refuses (400, 413, 422)
 * fails alone and the round goes on. Only an outage (no answer, 5xx, 429) or a misconfiguration
 * (401, 403, 404) pauses the round. A failed order still reaches the owner: a short alert with
 * only its reference and date (small enough never to be refused), and a banner in the admin.
 */
@ApplicationScoped
public class NotificationHandOff {

    private static final Logger LOG = Logger.getLogger(NotificationHandOff.class);
    private static final int BATCH = 50;
    private static final Duration QUIET = Duration.ofMinutes(1);

    private final OrderStore orders;
    private final SubscriberStore subscribers;
    private final NotifierClient notifier;
    private final StorefrontConfig config;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "notification-hand-off");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile Instant lastWarning = Instant.EPOCH;

    NotificationHandOff(OrderStore orders, SubscriberStore subscribers, NotifierClient notifier, StorefrontConfig config) {
        this.orders = orders;
        this.subscribers = subscribers;
        this.notifier = notifier;
        this.config = config;
    }

    /** Asks for a hand-over round soon (after an order or sign-up is stored). */
    public void wake() {
        if (queued.compareAndSet(false, true)) {
            try {
                worker.submit(this::round);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                queued.set(false); // the service is stopping; what is pending stays stored for the next start
            }
        }
    }

    @Scheduled(every = "2s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    void round() {
        queued.set(false);
        try {
            handOverOrders();
            handOverWelcomes();
            followUp();
            alertFailures();
        } catch (NotifierClient.Misconfigured e) {
            if (Instant.now().isAfter(lastWarning.plus(QUIET))) {
                lastWarning = Instant.now();
                LOG.errorf("NOTIFICATIONS STOPPED: the notifier refuses the storefront's requests; orders stay 'pending' "
                        + "until the setting is fixed: %s", e.getMessage());
            }
        } catch (NotifierClient.Unavailable e) {
            if (Instant.now().isAfter(lastWarning.plus(QUIET))) {
                lastWarning = Instant.now();
                LOG.warnf("Notifications wait in the storefront (orders stay 'pending', nothing is lost): %s", e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("Notification hand-over round failed; it runs again in 2 s", e);
        }
    }

    private void handOverOrders() throws NotifierClient.Unavailable {
        for (String ref : orders.withNotificationStatus("pending", BATCH)) {
            Optional<StoredOrder> order = orders.findByReference(ref);
            if (order.isEmpty()) {
                continue;
            }
            Map<String, Object> data = orderData(order.get());
            try {
                long owner = notifier.send("order-received", "order-" + ref + "-owner", data);
                long customer = notifier.send("order-confirmation", "order-" + ref + "-customer", data);
                orders.setNotificationStatus(ref, "handed-over", owner + "," + customer);
                LOG.infof("Order %s handed to the notifier (notifications %d, %d)", ref, owner, customer);
            } catch (NotifierClient.Refused e) {
                // One order the notifier cannot take must not hold up the others: mark it and go on.
                orders.markNotificationFailed(ref);
                LOG.errorf("Order %s could not be notified (the owner gets a short alert and sees it in the admin): %s",
                        ref, e.getMessage());
            }
        }
    }

    private void handOverWelcomes() throws NotifierClient.Unavailable {
        for (SubscriberStore.Welcome w : subscribers.welcomes("pending", BATCH)) {
            String site = config.siteUrl().replaceAll("/+$", "");
            try {
                long id = notifier.send("signup-welcome", "welcome-" + w.token().substring(0, 16), Map.of("email", w.email(),
                        "confirmUrl", site + "/signup/confirm?token=" + w.token(), "unsubscribeUrl", site + "/unsubscribe?token=" + w.token()));
                subscribers.setWelcome(w.email(), "handed-over", String.valueOf(id));
            } catch (NotifierClient.Refused e) {
                subscribers.setWelcome(w.email(), "failed", null);
                LOG.errorf("A welcome email could not be handed over: %s", e.getMessage());
            }
        }
    }

    /** Asks the notifier how handed-over notifications went, to show it on the owner's order list. */
    private void followUp() throws NotifierClient.Unavailable {
        for (String ref : orders.withNotificationStatus("handed-over", BATCH)) {
            List<String> states = new ArrayList<>();
            for (String id : orders.notifierIds(ref).orElse("").split(",")) {
                if (!id.isBlank()) {
                    states.add(notifier.state(Long.parseLong(id.strip())).orElse("unknown"));
                }
            }
            if (states.isEmpty() || states.contains("unknown")) {
                // The notifier does not know it (e.g. its data was restored from an older backup):
                // hand it over again; the idempotency keys make that safe.
                orders.setNotificationStatus(ref, "pending", null);
                LOG.warnf("Order %s: the notifier does not know its notifications; handing them over again", ref);
            } else if (states.contains("failed")) {
                orders.markNotificationFailed(ref);
                LOG.errorf("Order %s: a notification could not be delivered; see the notifier's log", ref);
            } else if (!states.isEmpty() && states.stream().allMatch("delivered"::equals)) {
                orders.setNotificationStatus(ref, "delivered", null);
            }
        }
        for (SubscriberStore.Welcome w : subscribers.welcomes("handed-over", BATCH)) {
            Optional<String> state = notifier.state(Long.parseLong(w.notifierId()));
            if (state.isEmpty()) {
                subscribers.setWelcome(w.email(), "pending", null);
            } else if (!state.get().equals("pending")) {
                subscribers.setWelcome(w.email(), state.get(), null);
            }
        }
    }

    /** Tells the owner about each failed order: only its reference, date and the admin's link. */
    private void alertFailures() throws NotifierClient.Unavailable {
        for (String ref : orders.withPendingFailureAlert(BATCH)) {
            Optional<StoredOrder> order = orders.findByReference(ref);
            if (order.isEmpty()) {
                continue;
            }
            try {
                notifier.send("alert", "order-" + ref + "-failed-alert", failureAlert(order.get(), config.siteUrl()));
                orders.failureAlertSent(ref);
                LOG.infof("Order %s: the owner is alerted that its notifications failed", ref);
            } catch (NotifierClient.Refused e) {
                orders.failureAlertSent(ref); // never retried in a loop; the admin's banner still shows it
                LOG.errorf("Order %s: the failure alert was refused too: %s", ref, e.getMessage());
            }
        }
    }

    static Map<String, Object> failureAlert(StoredOrder o, String siteUrl) {
        String link = siteUrl.replaceAll("/+$", "") + "/admin/order?ref=" + o.reference();
        String day = o.request().wantedOn().format(java.time.format.DateTimeFormatter.ofPattern("EEE MMM d", java.util.Locale.US));
        return Map.of(
                "subject", "Order " + o.reference() + " for " + day + " could not be sent to you",
                "message", "An order request came in through the website (reference " + o.reference() + ", wanted on "
                        + day + "), but its notifications could not be sent. Nothing is lost: open it in the admin to "
                        + "see what was asked for and to contact the customer.\n\n" + link);
    }

    static Map<String, Object> orderData(StoredOrder o) {
        OrderRequest r = o.request();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reference", o.reference());
        data.put("name", r.name());
        data.put("email", r.email());
        data.put("phone", r.phone());
        data.put("fulfilment", r.fulfilment().label());
        data.put("wantedOn", r.wantedOn().toString());
        data.put("items", r.items().stream().map(i -> Map.of("quantity", i.quantity(), "name", i.productName())).toList());
        data.put("request", r.requestText());
        data.put("notes", r.notes());
        data.put("deliveryAddress", r.deliveryAddress());
        return data;
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }
}
