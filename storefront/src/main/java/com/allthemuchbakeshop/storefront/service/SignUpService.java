package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.EmailAddresses;
import com.allthemuchbakeshop.storefront.store.SubscriberStore;
import com.allthemuchbakeshop.storefront.store.SubscriberStore.SignUp;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Email sign-ups for the bakery's news (confirmed by the address's owner from the email we send),
 * and unsubscribing by the token in every mail.
 */
@ApplicationScoped
public class SignUpService {

    /** The result of a sign-up: what happened, or why the address was refused. */
    public record Result(Optional<SignUp> outcome, String error) {
    }

    /** How long a sign-up waits for its confirmation before it is forgotten. */
    public static final Duration UNCONFIRMED_KEPT_FOR = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(SignUpService.class);

    private final SubscriberStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final NotificationHandOff handOff;

    SignUpService(SubscriberStore store, Clock clock, NotificationHandOff handOff) {
        this.store = store;
        this.handOff = handOff;
        this.clock = clock;
    }

    public Result signUp(String rawEmail) {
        String email = rawEmail == null ? "" : rawEmail.strip();
        if (email.isEmpty()) {
            return new Result(Optional.empty(), "Please enter your email address.");
        }
        if (email.indexOf('\uFFFD') >= 0 || !EmailAddresses.valid(email)) {
            return new Result(Optional.empty(), "Please enter an email address like name@example.com.");
        }
        SignUp outcome = store.subscribe(email.toLowerCase(Locale.ROOT), newToken(), clock.instant());
        if (outcome == SignUp.NEW || outcome == SignUp.RESUBSCRIBED || outcome == SignUp.RESENT) {
            handOff.wake();
        }
        return new Result(Optional.of(outcome), "");
    }

    public Optional<SubscriberStore.Subscriber> subscriber(String token) {
        return validToken(token) ? store.findByToken(token) : Optional.empty();
    }

    /**
     * Forgets sign-ups nobody confirmed within {@link #UNCONFIRMED_KEPT_FOR}: a stranger's address
     * someone else typed is not kept. @return how many were removed
     */
    public int pruneUnconfirmed() {
        int removed = store.pruneUnconfirmed(clock.instant().minus(UNCONFIRMED_KEPT_FOR));
        if (removed > 0) {
            LOG.infof("Removed %d sign-up(s) not confirmed within %d days", removed, UNCONFIRMED_KEPT_FOR.toDays());
        }
        return removed;
    }

    @Scheduled(every = "1h", delayed = "5m")
    void pruneUnconfirmedHourly() {
        pruneUnconfirmed();
    }

    public boolean confirm(String token) {
        return validToken(token) && store.confirm(token, clock.instant());
    }

    public boolean unsubscribe(String token) {
        return validToken(token) && store.unsubscribe(token, clock.instant());
    }

    private static boolean validToken(String token) {
        return token != null && token.length() == 43 && token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
