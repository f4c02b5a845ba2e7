package com.allthemuchbakeshop.notifier.service;

import com.allthemuchbakeshop.notifier.Kind;
import com.allthemuchbakeshop.notifier.OutgoingMessage.Channel;
import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.notifier.config.NotifierConfig.Delivery;
import com.allthemuchbakeshop.notifier.store.OutboxStore;
import com.allthemuchbakeshop.notifier.store.OutboxStore.Pending;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Drains the outbox: one sender thread, woken when a notification is accepted and every second
 * for retries. A failed attempt waits (doubling, capped) and is tried again until it is sent or
 * too old; a message is marked sent only after the server accepted it, so a crash in between
 * can cause one duplicate (same Message-ID) but never a loss.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    private static final int BATCH = 50;

    private final OutboxStore store;
    private final FanOut fanOut;
    private final MailDelivery mail;
    private final TwilioDelivery twilio;
    private final NotifierConfig config;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-sender");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    /** Set once the outbox schema is in place (see StartupTasks); the scheduler may tick before that. */
    private final AtomicBoolean started = new AtomicBoolean();

    OutboxSender(OutboxStore store, FanOut fanOut, MailDelivery mail, TwilioDelivery twilio, NotifierConfig config, Clock clock) {
        this.store = store;
        this.fanOut = fanOut;
        this.mail = mail;
        this.twilio = twilio;
        this.config = config;
        this.clock = clock;
    }

    /** Starts sending: called once the database is ready. */
    public void start() {
        started.set(true);
        wake();
    }

    /** Asks for a drain soon; cheap and safe to call from any thread, any number of times. */
    public void wake() {
        if (started.get() && queued.compareAndSet(false, true)) {
            try {
                worker.submit(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                queued.set(false); // the service is stopping; what is pending stays stored for the next start
            }
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    void drain() {
        queued.set(false);
        try {
            List<Pending> due;
            do {
                due = store.due(clock.instant(), BATCH);
                for (Pending p : due) {
                    attempt(p);
                }
            } while (due.size() == BATCH);
        } catch (RuntimeException e) {
            LOG.error("The outbox sender stopped a round early; it tries again in a second", e);
        }
    }

    private void attempt(Pending p) {
        DeliveryResult result;
        try {
            result = p.message().channel() == Channel.TWILIO && config.delivery() == Delivery.SMTP
                    ? twilio.send(p) : p.message().channel() == Channel.TWILIO ? mail.keepLocally(p) : mail.send(p);
        } catch (RuntimeException e) {
            result = DeliveryResult.retry(MailDelivery.oneLine(e.toString()));
        }
        String to = p.message().recipient();
        String domain = to.contains("@") ? to.substring(to.indexOf('@') + 1) : "phone";
        Instant now = clock.instant();
        int attempt = p.attempts() + 1;
        switch (result.outcome()) {
            case SENT -> {
                store.sent(p.id(), now, result.detail());
                LOG.infof("message %d (%s, %s to %s) sent on attempt %d: %s", p.id(), p.kind(), p.message().channel(), domain,
                        attempt, result.detail());
            }
            case GIVE_UP -> {
                store.failed(p.id(), result.detail());
                LOG.errorf("message %d (%s, %s to %s) refused, not retrying: %s", p.id(), p.kind(), p.message().channel(), domain,
                        result.detail());
                tellOwner(p, domain, result.detail());
            }
            case RETRY -> {
                if (now.isAfter(p.createdAt().plus(config.retry().giveUpAfter()))) {
                    store.failed(p.id(), "gave up after " + DeliverySummary.duration(config.retry().giveUpAfter()) + ": " + result.detail());
                    LOG.errorf("message %d (%s to %s) GIVEN UP after %d attempts: %s", p.id(), p.kind(), domain, attempt, result.detail());
                    tellOwner(p, domain, result.detail());
                } else {
                    Duration wait = backoff(attempt);
                    store.retryLater(p.id(), now.plus(wait), result.detail());
                    LOG.warnf("message %d (%s, %s to %s) attempt %d failed, next in %d s: %s", p.id(), p.kind(),
                            p.message().channel(), domain, attempt, wait.toSeconds(), result.detail());
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** A message that will never arrive is news for the owner (unless it was itself such news). */
    private void tellOwner(Pending p, String domain, String reason) {
        if (p.kind().equals(Kind.ALERT.wire()) || p.kind().equals(Kind.REPORT.wire())) {
            return;
        }
        String what = p.message().channel() == Channel.TWILIO ? "A text message" : "An email";
        String message = what + " (" + p.kind() + ", to " + domain + ") could not be delivered and will not be retried.\n"
                + "Subject: " + p.message().subject() + "\nReason: " + reason + "\n\n"
                + "If it was an order confirmation, please contact the customer yourself; the order is in the admin.";
        try {
            var messages = fanOut.messages(Kind.ALERT, Map.of("subject", what + " could not be delivered", "message", message));
            store.accept("undeliverable-" + p.id(), Kind.ALERT, messages, clock.instant(),
                    config.from().substring(config.from().indexOf('@') + 1));
        } catch (RuntimeException e) {
            LOG.error("Could not queue the alert about message " + p.id(), e);
        }
    }

    Duration backoff(int attempt) {
        Duration first = config.retry().firstBackoff();
        Duration max = config.retry().maxBackoff();
        Duration wait = first.multipliedBy(1L << Math.min(20, attempt - 1));
        return wait.compareTo(max) > 0 ? max : wait;
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }
}
