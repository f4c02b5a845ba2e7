package com.allthemuchbakeshop.storefront.service;

import com.allthemuchbakeshop.storefront.OrderRequest;
import com.allthemuchbakeshop.storefront.config.BakeryConfig;
import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import com.allthemuchbakeshop.storefront.store.OrderStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Takes a customer's order request: validates it, then stores it before anything else happens,
 * so no order is lost whatever fails afterwards. Notifying the owner is the notifier's job; a
 * stored order waits for it with notification status "pending".
 */
@ApplicationScoped
public class OrderIntakeService {

    private static final Logger LOG = Logger.getLogger(OrderIntakeService.class);
    /** No 0/O, 1/I/L or U: a reference read out over the phone must not be misheard. */
    private static final String REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int REFERENCE_LENGTH = 6;

    /** What became of a submitted form: stored under a reference, or sent back with messages. */
    public record Outcome(Optional<String> reference, OrderForm form) {
    }

    private final OrderStore store;
    private final MenuService menu;
    private final OrderFormValidator validator;
    private final BakeryConfig bakery;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final NotificationHandOff handOff;

    OrderIntakeService(OrderStore store, MenuService menu, StorefrontConfig config, BakeryConfig bakery, Clock clock,
            NotificationHandOff handOff) {
        this.handOff = handOff;
        this.store = store;
        this.menu = menu;
        this.validator = new OrderFormValidator(config.orders());
        this.bakery = bakery;
        this.clock = clock;
    }

    public ZonedDateTime now() {
        return ZonedDateTime.now(clock.withZone(bakery.timeZone()));
    }

    public OrderFormValidator validator() {
        return validator;
    }

    public Outcome submit(Map<String, String> fields) {
        OrderForm form = validator.validate(fields, menu.menu(), now());
        if (form.request().isEmpty()) {
            return new Outcome(Optional.empty(), form);
        }
        OrderRequest request = form.request().get();
        // The same form sent twice is one order; the same form edited (back button) is a new one.
        String submission = form.value("submission") + ":" + fingerprint(request);
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<OrderStore.Saved> saved = store.insert(newReference(), submission, request, clock.instant());
            if (saved.isPresent()) {
                if (saved.get().created()) {
                    handOff.wake();
                    LOG.infof("Order %s stored (%s on %s, %d items)", saved.get().reference(),
                            request.fulfilment().label(), request.wantedOn(), request.items().size());
                } else {
                    LOG.infof("Order form sent again; it is order %s", saved.get().reference());
                }
                return new Outcome(Optional.of(saved.get().reference()), form);
            }
        }
        throw new IllegalStateException("no free order reference after 5 attempts");
    }

    private static String fingerprint(OrderRequest request) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String newReference() {
        StringBuilder ref = new StringBuilder(REFERENCE_LENGTH);
        for (int i = 0; i < REFERENCE_LENGTH; i++) {
            ref.append(REFERENCE_ALPHABET.charAt(random.nextInt(REFERENCE_ALPHABET.length())));
        }
        return ref.toString();
    }
}
