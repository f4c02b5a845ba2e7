package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.OrderRequest;
import com.allthemuchbakeshop.storefront.StoredOrder;
import com.allthemuchbakeshop.storefront.config.BakeryConfig;
import com.allthemuchbakeshop.storefront.service.CsvWriter;
import com.allthemuchbakeshop.storefront.store.OrderStore;
import com.allthemuchbakeshop.storefront.store.SubscriberStore;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;

/** The owner's order list (search, status, CSV) and subscriber list (remove, CSV). */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public class AdminOrdersResource {

    static final int LIST_LIMIT = 200;
    private static final String CSV = "text/csv;charset=UTF-8";
    private static final DateTimeFormatter PLACED = DateTimeFormatter.ofPattern("MMM d, h:mm a");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance orders(List<StoredOrder> orders, String q, String date, String status,
                List<String> statuses, String csvUrl, boolean limited, List<String> failed);

        static native TemplateInstance order(StoredOrder order, List<String> statuses, String placed, String notice);

        static native TemplateInstance subscribers(List<SubscriberStore.Listed> subscribers, long active, String notice);
    }

    private final OrderStore orders;
    private final SubscriberStore subscribers;
    private final BakeryConfig bakery;
    private final java.time.Clock clock;

    AdminOrdersResource(OrderStore orders, SubscriberStore subscribers, BakeryConfig bakery, java.time.Clock clock) {
        this.orders = orders;
        this.subscribers = subscribers;
        this.bakery = bakery;
        this.clock = clock;
    }

    @GET
    @Path("orders")
    public TemplateInstance list(@QueryParam("q") String q, @QueryParam("date") String date, @QueryParam("status") String status) {
        List<StoredOrder> found = orders.search(q, parseDate(date), status, LIST_LIMIT);
        String csvUrl = "/admin/orders.csv?q=" + enc(q) + "&date=" + enc(date) + "&status=" + enc(status);
        return Templates.orders(found, q == null ? "" : q, date == null ? "" : date, status == null ? "" : status,
                OrderStore.STATUSES, csvUrl, found.size() == LIST_LIMIT, orders.unseenFailures(20));
    }

    @GET
    @Path("order")
    public TemplateInstance order(@QueryParam("ref") String ref, @QueryParam("done") String done) {
        StoredOrder order = orders.findByReference(ref == null ? "" : ref.strip().toUpperCase(java.util.Locale.ROOT))
                .orElseThrow(NotFoundException::new);
        String placed = PLACED.withZone(bakery.timeZone()).format(order.createdAt());
        orders.failureSeen(order.reference(), clock.instant()); // she has seen it: it leaves the banner
        return Templates.order(order, OrderStore.STATUSES, placed, "saved".equals(done) ? "Status saved." : "");
    }

    @POST
    @Path("order/status")
    public Response setStatus(@FormParam("ref") String ref, @FormParam("status") String status) {
        if (ref == null || !orders.setStatus(ref, status == null ? "" : status)) {
            throw new NotFoundException();
        }
        return Response.seeOther(URI.create("/admin/order?ref=" + enc(ref) + "&done=saved")).build();
    }

    @GET
    @Path("orders.csv")
    @Produces(CSV)
    public Response ordersCsv(@QueryParam("q") String q, @QueryParam("date") String date, @QueryParam("status") String status) {
        CsvWriter csv = new CsvWriter().row(List.of("Reference", "Placed", "Wanted on", "Pickup or delivery", "Name", "Email",
                "Phone", "Address", "Items", "Request", "Notes", "Status", "Notification"));
        for (StoredOrder o : orders.search(q, parseDate(date), status, Integer.MAX_VALUE)) {
            OrderRequest r = o.request();
            String items = r.items().stream().map(i -> i.quantity() + " x " + i.productName()).collect(Collectors.joining("; "));
            csv.row(List.of(o.reference(), PLACED.withZone(bakery.timeZone()).format(o.createdAt()), r.wantedOn().toString(),
                    r.fulfilment().label(), r.name(), r.email(), r.phone(), r.deliveryAddress(), items, r.requestText(), r.notes(),
                    o.status(), o.notificationStatus()));
        }
        return attachment(csv, "orders-" + LocalDate.now(bakery.timeZone()) + ".csv");
    }

    @GET
    @Path("subscribers")
    public TemplateInstance subscriberList(@QueryParam("done") String done) {
        List<SubscriberStore.Listed> all = subscribers.list();
        return Templates.subscribers(all, all.stream().filter(SubscriberStore.Listed::onTheList).count(),
                "removed".equals(done) ? "Removed." : "");
    }

    @POST
    @Path("subscribers/remove")
    public Response removeSubscriber(@FormParam("id") long id) {
        if (!subscribers.delete(id)) {
            throw new NotFoundException();
        }
        return Response.seeOther(URI.create("/admin/subscribers?done=removed")).build();
    }

    @GET
    @Path("subscribers.csv")
    @Produces(CSV)
    public Response subscribersCsv() {
        CsvWriter csv = new CsvWriter().row(List.of("Email", "Signed up"));
        subscribers.list().stream().filter(SubscriberStore.Listed::onTheList)
                .forEach(s -> csv.row(List.of(s.email(), s.subscribedAt())));
        return attachment(csv, "subscribers-" + LocalDate.now(bakery.timeZone()) + ".csv");
    }

    private static Response attachment(CsvWriter csv, String fileName) {
        return Response.ok(csv.toString().getBytes(StandardCharsets.UTF_8), CSV)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .build();
    }

    private static LocalDate parseDate(String date) {
        try {
            return date == null || date.isBlank() ? null : LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String enc(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
