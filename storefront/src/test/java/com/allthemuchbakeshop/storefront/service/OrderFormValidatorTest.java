package com.allthemuchbakeshop.storefront.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.storefront.Category;
import com.allthemuchbakeshop.storefront.Menu;
import com.allthemuchbakeshop.storefront.OrderRequest;
import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.config.StorefrontConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderFormValidatorTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final Product BUN = new Product(7, 1, "Morning Bun", "morning-bun", "", 450, "each",
            List.of(), List.of(), null, 0, 0, false, false, false);
    private static final Menu MENU = new Menu(1, List.of(new Category(1, "Pastries", "pastries", false, List.of(BUN))));

    private final OrderFormValidator validator = new OrderFormValidator(limits(Duration.ofHours(48)));

    @Test
    void validFormBecomesARequestWithMenuPrices() {
        ZonedDateTime now = ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, CHICAGO);
        OrderForm form = validator.validate(form("2026-12-03", "12"), MENU, now);

        assertTrue(form.errors().isEmpty(), form.errors().toString());
        OrderRequest r = form.request().orElseThrow();
        assertEquals(LocalDate.of(2026, 12, 3), r.wantedOn());
        assertEquals(OrderRequest.Fulfilment.PICKUP, r.fulfilment());
        assertEquals(List.of(new OrderRequest.Item(7, "Morning Bun", 450, 12)), r.items());
        assertEquals("", r.deliveryAddress(), "an address typed for a pickup is not kept");
    }

    @Test
    void leadTimeCountsInTheBakerysTimeZone() {
        // 23:30 in Chicago is already the next day in UTC: the earliest date must still be 2 days on.
        ZonedDateTime lateEvening = ZonedDateTime.of(2026, 12, 1, 23, 30, 0, 0, CHICAGO);
        assertEquals(LocalDate.of(2026, 12, 3), validator.earliestDate(lateEvening));
        assertTrue(validator.validate(form("2026-12-02", "1"), MENU, lateEvening).hasError("date"));
        assertTrue(!validator.validate(form("2026-12-03", "1"), MENU, lateEvening).hasError("date"));

        OrderFormValidator sameDay = new OrderFormValidator(limits(Duration.ofHours(36)));
        assertEquals("36 hours'", sameDay.noticeWords());
        assertEquals("2 days'", validator.noticeWords());
    }

    @Test
    void blankQuantitiesAndZeroAreIgnoredButSomethingMustBeOrdered() {
        ZonedDateTime now = ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, CHICAGO);
        OrderForm zero = validator.validate(form("2026-12-05", "0"), MENU, now);
        assertTrue(zero.hasError("items"));
        Map<String, String> withRequest = form("2026-12-05", "");
        withRequest.put("request", "A birthday cake for 12, chocolate");
        OrderForm described = validator.validate(withRequest, MENU, now);
        assertTrue(described.errors().isEmpty(), described.errors().toString());
        assertTrue(described.request().orElseThrow().items().isEmpty());
    }

    @Test
    void fieldsAtTheirLimitsAreAcceptedAndOneMoreIsNot() {
        ZonedDateTime now = ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, CHICAGO);
        Map<String, String> atLimit = form("2026-12-05", "200");
        atLimit.put("name", "é".repeat(OrderFormValidator.NAME_MAX));
        atLimit.put("notes", "🍞".repeat(OrderFormValidator.TEXT_MAX));
        assertTrue(validator.validate(atLimit, MENU, now).errors().isEmpty(), "limits count characters, not bytes");

        Map<String, String> over = form("2026-12-05", "201");
        over.put("name", "é".repeat(OrderFormValidator.NAME_MAX + 1));
        OrderForm refused = validator.validate(over, MENU, now);
        assertTrue(refused.hasError("name"));
        assertTrue(refused.hasError("qty-7"));
        Map<String, String> loneSurrogate = form("2026-12-05", "1");
        loneSurrogate.put("notes", "half an emoji \uD83C");
        assertTrue(validator.validate(loneSurrogate, MENU, now).hasError("notes"));
    }

    @Test
    void productIdsAreReadOnlyInTheFormsOwnSpellingSoNoFieldAliasesAnother() {
        ZonedDateTime now = ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, CHICAGO);
        for (String alias : List.of("qty-07", "qty-+7", "qty-\u0667", "qty- 7", "qty-7.0", "qty-0x7", "qty-\uFF17")) {
            Map<String, String> form = form("2026-12-05", "");
            form.put(alias, "3");
            OrderForm checked = validator.validate(form, MENU, now);
            assertTrue(checked.hasError("items"), alias + " must not be read as product 7");
            assertTrue(checked.request().isEmpty(), alias);
        }
        for (String quantity : List.of("+3", "\u0663", "3.0", "1e2", "\uFF13")) {
            OrderForm checked = validator.validate(form("2026-12-05", quantity), MENU, now);
            assertTrue(checked.hasError("qty-7"), "quantity " + quantity + " is not a plain whole number");
        }
        assertTrue(validator.validate(form("2026-12-05", "-2"), MENU, now).error("qty-7").contains("negative"));
        assertTrue(validator.validate(form("2026-12-05", "99999999999"), MENU, now).error("qty-7").contains("up to 200"));
    }

    @Test
    void oneRequestHasAtMostFortyLinesAndAThousandPieces() {
        ZonedDateTime now = ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, CHICAGO);
        List<Product> many = new java.util.ArrayList<>();
        for (int id = 1; id <= OrderFormValidator.MAX_LINES + 1; id++) {
            many.add(new Product(id, 1, "Bun " + id, "bun-" + id, "", 100, "each", List.of(), List.of(), null, id, 0,
                    false, false, false));
        }
        Menu big = new Menu(1, List.of(new Category(1, "Buns", "buns", false, many)));

        Map<String, String> forty = form("2026-12-05", "");
        for (int id = 1; id <= OrderFormValidator.MAX_LINES; id++) {
            forty.put("qty-" + id, "1");
        }
        OrderForm atLimit = validator.validate(forty, big, now);
        assertTrue(atLimit.errors().isEmpty(), atLimit.errors().toString());
        assertEquals(OrderFormValidator.MAX_LINES, atLimit.request().orElseThrow().items().size());

        forty.put("qty-" + (OrderFormValidator.MAX_LINES + 1), "1");
        assertTrue(validator.validate(forty, big, now).error("items").contains("up to 40 different items"));

        Map<String, String> heavy = form("2026-12-05", "");
        for (int id = 1; id <= 6; id++) {
            heavy.put("qty-" + id, "200");
        }
        OrderForm tooMany = validator.validate(heavy, big, now);
        assertTrue(tooMany.error("items").contains("up to 1000 pieces"), tooMany.errors().toString());
        heavy.remove("qty-6");
        assertTrue(validator.validate(heavy, big, now).errors().isEmpty(), "1000 pieces are fine");
    }

    private static Map<String, String> form(String date, String quantity) {
        Map<String, String> form = new HashMap<>();
        form.put("name", "Ada");
        form.put("email", "ada@example.com");
        form.put("phone", "555 010 2233");
        form.put("fulfilment", "pickup");
        form.put("address", "1 Elm St");
        form.put("date", date);
        form.put("qty-7", quantity);
        form.put("submission", "0f8fad5b-d9cb-469f-a165-70867728950e");
        return form;
    }

    private static StorefrontConfig.Orders limits(Duration leadTime) {
        return new StorefrontConfig.Orders() {
            @Override
            public Duration leadTime() {
                return leadTime;
            }

            @Override
            public int maxDaysAhead() {
                return 120;
            }

            @Override
            public int maxQuantity() {
                return 200;
            }
        };
    }
}
