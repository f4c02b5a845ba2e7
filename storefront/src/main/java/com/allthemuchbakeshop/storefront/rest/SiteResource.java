package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.Menu;
import com.allthemuchbakeshop.storefront.StoredOrder;
import com.allthemuchbakeshop.storefront.service.MenuService;
import com.allthemuchbakeshop.storefront.service.OrderForm;
import com.allthemuchbakeshop.storefront.service.OrderIntakeService;
import com.allthemuchbakeshop.storefront.store.OrderStore;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** The public pages: home, menu, visit us, and the custom-order request form. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SiteResource {

    static final String HTML_UTF8 = "text/html;charset=UTF-8";
    private static final Pattern REFERENCE = Pattern.compile("[2-9A-Z]{6}");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Menu menu, SignUpResource.SignUpView signup);

        static native TemplateInstance menu(Menu menu);

        static native TemplateInstance about();

        static native TemplateInstance order(Menu menu, OrderForm form, String submission, LocalDate earliest,
                LocalDate latest, String leadTime);

        static native TemplateInstance orderThanks(StoredOrder order);
    }

    private final MenuService menu;
    private final OrderIntakeService intake;
    private final OrderStore orders;
    private final PageCache pages;

    SiteResource(MenuService menu, OrderIntakeService intake, OrderStore orders, PageCache pages) {
        this.menu = menu;
        this.intake = intake;
        this.orders = orders;
        this.pages = pages;
    }

    // Pages built from the in-memory menu need no database: answer them on the I/O thread.
    @GET
    @NonBlocking
    public TemplateInstance home() {
        return Templates.home(menu.menu(), SignUpResource.SignUpView.EMPTY);
    }

    @GET
    @NonBlocking
    @Path("menu")
    @Produces(HTML_UTF8)
    public Response menuPage(@HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        Menu current = menu.menu();
        return pages.get("menu", current.version(), acceptEncoding, () -> Templates.menu(current).render());
    }

    @GET
    @NonBlocking
    @Path("about")
    @Produces(HTML_UTF8)
    public Response about(@HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        return pages.get("about", 0, acceptEncoding, () -> Templates.about().render());
    }

    @GET
    @Path("order")
    public TemplateInstance orderForm() {
        return orderPage(OrderForm.empty(), UUID.randomUUID().toString());
    }

    @POST
    @Path("order")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submitOrder(MultivaluedMap<String, String> form) {
        OrderIntakeService.Outcome outcome = intake.submit(firstValues(form));
        if (outcome.reference().isPresent()) {
            // Post/Redirect/Get: reloading the thank-you page never sends the order again.
            return Response.seeOther(URI.create("/order/thanks/" + outcome.reference().get())).build();
        }
        String submission = outcome.form().value("submission");
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(orderPage(outcome.form(), submission.isEmpty() ? UUID.randomUUID().toString() : submission))
                .build();
    }

    /** Shows what was ordered, but none of the customer's personal details. */
    @GET
    @Path("order/thanks/{reference}")
    public TemplateInstance orderThanks(@PathParam("reference") String reference) {
        if (!REFERENCE.matcher(reference).matches()) {
            throw new NotFoundException();
        }
        return Templates.orderThanks(orders.findByReference(reference).orElseThrow(NotFoundException::new));
    }

    private TemplateInstance orderPage(OrderForm form, String submission) {
        var now = intake.now();
        return Templates.order(menu.menu(), form, submission, intake.validator().earliestDate(now),
                intake.validator().latestDate(now), intake.validator().noticeWords());
    }

    static Map<String, String> firstValues(MultivaluedMap<String, String> form) {
        Map<String, String> values = new LinkedHashMap<>();
        if (form != null) {
            form.forEach((key, list) -> values.put(key, list == null || list.isEmpty() ? "" : list.get(0)));
        }
        return values;
    }
}
