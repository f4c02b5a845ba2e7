package com.allthemuchbakeshop.notifier.service;

import com.allthemuchbakeshop.notifier.InvalidRequest;
import com.allthemuchbakeshop.notifier.Kind;
import com.allthemuchbakeshop.notifier.OutgoingMessage;
import com.allthemuchbakeshop.notifier.OutgoingMessage.Channel;
import com.allthemuchbakeshop.notifier.config.NotifierConfig;
import com.allthemuchbakeshop.notifier.config.NotifierConfig.TextChannel;
import com.allthemuchbakeshop.notifier.service.Fields.Item;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides who hears about what, and renders each message: a new order goes to the owner by email
 * and by text; the confirmation to the customer (replies reach the owner); and so on. Everything
 * a customer typed is escaped in HTML and kept out of headers, and what goes to the address the
 * visitor typed restates only the reference, the day, the catalogue's items and a safe first name:
 * no free text of theirs reaches a stranger from the bakery's domain.
 */
@ApplicationScoped
public class FanOut {

    /** Texts are one SMS segment of plain GSM-friendly text. */
    public static final int SMS_MAX = 160;
    private static final Pattern REFERENCE = Pattern.compile("[A-Z0-9-]{1,20}");
    private static final Pattern SAFE_NAME = Pattern.compile("[\\p{L}\\p{M}'’-]{1,20}");
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]{1,500}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE MMM d", Locale.US);
    private static final DateTimeFormatter LONG_DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.US);

    /** An order as every template shows it. */
    public record Order(String reference, String name, String email, String phone, String fulfilment, LocalDate wantedOn,
            List<Item> items, String request, String notes, String deliveryAddress) {
        public String day() {
            return LONG_DAY.format(wantedOn);
        }

        /**
         * The name as the customer's own copy shows it: the first word, letters only, at most 20 of
         * them, so a crafted "name" cannot carry a link or a pitch to whatever address was typed.
         */
        public String greeting() {
            String first = name.strip().split("\\s+", 2)[0];
            return SAFE_NAME.matcher(first).matches() ? first : "";
        }
    }

    /** The bakery's details in every email's header and footer. */
    public record Shop(String name, String phone, String address, String colour, String siteUrl) {
    }

    @CheckedTemplate(basePath = "mail")
    static class Templates {
        static native TemplateInstance orderOwnerHtml(Order order, Shop shop);

        static native TemplateInstance orderOwnerText(Order order, Shop shop);

        static native TemplateInstance orderCustomerHtml(Order order, Shop shop);

        static native TemplateInstance orderCustomerText(Order order, Shop shop);

        static native TemplateInstance welcomeHtml(String confirmUrl, String unsubscribeUrl, Shop shop);

        static native TemplateInstance welcomeText(String confirmUrl, String unsubscribeUrl, Shop shop);

        static native TemplateInstance noticeHtml(String title, String message, Shop shop);

        static native TemplateInstance noticeText(String title, String message, Shop shop);
    }

    private final NotifierConfig config;
    private final Shop shop;

    FanOut(NotifierConfig config) {
        this.config = config;
        NotifierConfig.Bakery b = config.bakery();
        this.shop = new Shop(b.name(), b.phone(), b.address(), b.primaryColour(), b.siteUrl());
    }

    public List<OutgoingMessage> messages(Kind kind, Map<String, Object> data) {
        Fields f = new Fields(data);
        String owner = config.owner().email();
        // Technical reports go to the developer; without DEVELOPER_EMAIL, to the owner's email (never her phone).
        String developer = config.developerEmail().orElse(owner);
        List<OutgoingMessage> out = new ArrayList<>();
        switch (kind) {
            case ORDER_RECEIVED -> {
                Order o = order(f);
                out.add(email(owner, o.email(), "New order " + o.reference() + ": " + o.name() + ", " + o.fulfilment() + " "
                        + DAY.format(o.wantedOn()), Templates.orderOwnerText(o, shop), Templates.orderOwnerHtml(o, shop)));
                text(orderText(o)).ifPresent(out::add);
            }
            case ORDER_CONFIRMATION -> {
                Order o = order(f);
                out.add(email(o.email(), owner, "We have your order request " + o.reference() + " - " + shop.name(),
                        Templates.orderCustomerText(o, shop), Templates.orderCustomerHtml(o, shop)));
            }
            case SIGNUP_WELCOME -> {
                String email = f.email("email");
                String confirm = url(f, "confirmUrl");
                String unsubscribe = url(f, "unsubscribeUrl");
                out.add(email(email, owner, "Please confirm: " + shop.name() + "'s news",
                        Templates.welcomeText(confirm, unsubscribe, shop), Templates.welcomeHtml(confirm, unsubscribe, shop)));
            }
            case ALERT, REPORT -> {
                String subject = f.line("subject", 150, true);
                String message = f.text("message", 5000, true);
                out.add(email(owner, null, subject, Templates.noticeText(subject, message, shop), Templates.noticeHtml(subject, message, shop)));
                if (kind == Kind.ALERT) {
                    text(shorten(shop.name() + ": " + subject, SMS_MAX)).ifPresent(out::add);
                }
            }
            case DEVELOPER_REPORT -> {
                String subject = f.line("subject", 150, true);
                String message = f.text("message", 5000, true);
                out.add(email(developer, null, subject, Templates.noticeText(subject, message, shop),
                        Templates.noticeHtml(subject, message, shop)));
            }
            default -> throw new InvalidRequest("kind", "unknown kind");
        }
        return out;
    }

    /** A link of the bakery's own site: the storefront builds it; nobody else's address may appear. */
    private String url(Fields f, String field) {
        String url = f.line(field, 500, true);
        String site = shop.siteUrl().replaceAll("/+$", "");
        if (!URL.matcher(url).matches() || !url.startsWith(site + "/")) {
            throw new InvalidRequest("data." + field, "data." + field + " must be an http(s) URL on the site (" + site + ")");
        }
        return url;
    }

    private Order order(Fields f) {
        String reference = f.line("reference", 20, true);
        if (!REFERENCE.matcher(reference).matches()) {
            throw new InvalidRequest("data.reference", "data.reference must be letters, digits and dashes");
        }
        return new Order(reference, f.line("name", 100, true), f.email("email"), f.line("phone", 30, true),
                f.line("fulfilment", 20, true), f.date("wantedOn"), f.items("items"), f.text("request", 2000, false),
                f.text("notes", 2000, false), f.text("deliveryAddress", 300, false));
    }

    /** "New order K7QX2M: Ada Baker, Pickup Thu Dec 3. 6 Butter Croissant, 1 Baguette +2 more. Call 555 010 2233" */
    static String orderText(Order o) {
        StringBuilder items = new StringBuilder();
        int shown = 0;
        for (Item item : o.items()) {
            String next = item.quantity() + " " + item.name();
            if (items.length() + next.length() > 60) {
                break;
            }
            items.append(shown == 0 ? "" : ", ").append(next);
            shown++;
        }
        if (shown < o.items().size()) {
            items.append(" +").append(o.items().size() - shown).append(" more");
        }
        if (o.items().isEmpty() && !o.request().isEmpty()) {
            items.append("custom: ").append(o.request().replaceAll("\\s+", " "));
        }
        String head = "New order " + o.reference() + ": " + o.name() + ", " + o.fulfilment() + " " + DAY.format(o.wantedOn()) + ". ";
        String tail = " Call " + o.phone();
        int room = SMS_MAX - head.length() - tail.length() - 1;
        return shorten(head + shorten(items.toString(), Math.max(10, room)) + "." + tail, SMS_MAX);
    }

    static String shorten(String s, int max) {
        String plain = s.replaceAll("[\\r\\n\\t]+", " ");
        return plain.length() <= max ? plain : plain.substring(0, max - 1) + "…";
    }

    private java.util.Optional<OutgoingMessage> text(String body) {
        NotifierConfig.Owner o = config.owner();
        if (o.textChannel() == TextChannel.EMAIL_GATEWAY) {
            // Gateways turn the subject into part of the text: leave it empty, send plain text only.
            return java.util.Optional.of(new OutgoingMessage(Channel.EMAIL, o.smsGateway().orElseThrow(), null, "", body, null));
        }
        if (o.textChannel() == TextChannel.TWILIO) {
            return java.util.Optional.of(new OutgoingMessage(Channel.TWILIO, o.phone().orElseThrow(), null, "", body, null));
        }
        return java.util.Optional.empty();
    }

    private static OutgoingMessage email(String to, String replyTo, String subject, TemplateInstance text, TemplateInstance html) {
        return new OutgoingMessage(Channel.EMAIL, to, replyTo, shorten(subject, 200), text.render(), html.render());
    }
}
