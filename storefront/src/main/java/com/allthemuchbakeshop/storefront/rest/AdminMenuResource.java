package com.allthemuchbakeshop.storefront.rest;

import com.allthemuchbakeshop.storefront.Category;
import com.allthemuchbakeshop.storefront.Menu;
import com.allthemuchbakeshop.storefront.Product;
import com.allthemuchbakeshop.storefront.Slugs;
import com.allthemuchbakeshop.storefront.service.MenuService;
import com.allthemuchbakeshop.storefront.service.PhotoLibrary;
import com.allthemuchbakeshop.storefront.service.PhotoProcessor;
import com.allthemuchbakeshop.storefront.service.ProductForm;
import com.allthemuchbakeshop.storefront.store.MenuStore;
import com.allthemuchbakeshop.storefront.store.MenuStore.Direction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The owner's menu editor: categories, products, prices, flags, order and photos. */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public class AdminMenuResource {

    /** Short confirmations shown after an action, by code (never echoing request text). */
    static final Map<String, String> NOTICES = Map.of(
            "saved", "Saved. The public menu shows it now.",
            "added", "Added. You can add a photo below.",
            "photo", "Photo saved. The public menu shows it now.",
            "photo-removed", "Photo removed.",
            "category", "Category saved.");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance menu(Menu menu, String notice, String problem);

        static native TemplateInstance product(ProductForm form, List<Category> categories, Product product, String notice,
                String photoProblem, long maxPhotoMb);
    }

    private final MenuService menu;
    private final PhotoLibrary photos;
    private final long maxPhotoMb;

    AdminMenuResource(MenuService menu, PhotoLibrary photos, com.allthemuchbakeshop.storefront.config.StorefrontConfig config) {
        this.menu = menu;
        this.photos = photos;
        this.maxPhotoMb = config.admin().maxPhotoSize().asLongValue() / 1_048_576;
    }

    @GET
    @Path("menu")
    public TemplateInstance menuPage(@QueryParam("done") String done) {
        return Templates.menu(menu.everything(), NOTICES.getOrDefault(done == null ? "" : done, ""), "");
    }

    @GET
    @Path("product")
    public TemplateInstance productPage(@QueryParam("id") Long id, @QueryParam("category") Long category,
            @QueryParam("done") String done) {
        List<Category> categories = menu.everything().categories();
        if (id == null) {
            Map<String, String> blank = category == null ? Map.of() : Map.of("category", category.toString());
            return Templates.product(new ProductForm(blank, Map.of(), Optional.empty()), categories, null, "", "", maxPhotoMb);
        }
        Product p = menu.query(store -> store.findProduct(id)).orElseThrow(NotFoundException::new);
        return Templates.product(ProductForm.of(p), categories, p, NOTICES.getOrDefault(done == null ? "" : done, ""), "", maxPhotoMb);
    }

    @POST
    @Path("product")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveProduct(MultivaluedMap<String, String> form) {
        Map<String, String> fields = SiteResource.firstValues(form);
        Optional<Product> existing = parseId(fields.get("id")).flatMap(id -> menu.query(store -> store.findProduct(id)));
        if (!fields.getOrDefault("id", "").isBlank() && existing.isEmpty()) {
            throw new NotFoundException();
        }
        List<Category> categories = menu.everything().categories();
        ProductForm checked = ProductForm.validate(fields, existing, categories.stream().map(Category::id).toList());
        if (checked.product().isEmpty()) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Templates.product(checked, categories, existing.orElse(null), "", "", maxPhotoMb)).build();
        }
        Product p = checked.product().get();
        long id = menu.change(store -> {
            String slug = uniqueSlug(store, p.name(), p.id());
            Product named = new Product(p.id(), p.categoryId(), p.name(), slug, p.description(), p.priceCents(), p.unit(),
                    p.dietary(), p.allergens(), p.photo(), p.photoWidth(), p.photoHeight(), p.featured(), p.soldOut(), p.hidden());
            if (existing.isPresent()) {
                store.updateProduct(named);
                return named.id();
            }
            return store.appendProduct(named);
        });
        return Response.seeOther(URI.create("/admin/product?id=" + id + "&done=" + (existing.isPresent() ? "saved" : "added"))).build();
    }

    @POST
    @Path("product/sold-out")
    public Response soldOut(@FormParam("id") long id, @FormParam("value") boolean value) {
        return found(menu.change(store -> store.setSoldOut(id, value)), "/admin/menu?done=saved#product-" + id);
    }

    @POST
    @Path("product/hidden")
    public Response hideProduct(@FormParam("id") long id, @FormParam("value") boolean value) {
        return found(menu.change(store -> store.setHidden(id, value)), "/admin/menu?done=saved#product-" + id);
    }

    @POST
    @Path("product/move")
    public Response moveProduct(@FormParam("id") long id, @FormParam("direction") String direction) {
        menu.change(store -> store.moveProduct(id, direction(direction)));
        return Response.seeOther(URI.create("/admin/menu#product-" + id)).build();
    }

    @POST
    @Path("product/photo")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadPhoto(@RestForm("id") long id, @RestForm("photo") FileUpload photo) throws IOException {
        Product p = menu.query(store -> store.findProduct(id)).orElseThrow(NotFoundException::new);
        if (photo == null || photo.uploadedFile() == null) {
            return photoProblem(p, "Please choose a photo first.");
        }
        try {
            photos.replace(id, photo.uploadedFile());
        } catch (PhotoProcessor.Rejected e) {
            return photoProblem(p, e.getMessage());
        }
        return Response.seeOther(URI.create("/admin/product?id=" + id + "&done=photo")).build();
    }

    @POST
    @Path("product/photo/remove")
    public Response removePhoto(@FormParam("id") long id) {
        photos.remove(id).orElseThrow(NotFoundException::new);
        return Response.seeOther(URI.create("/admin/product?id=" + id + "&done=photo-removed")).build();
    }

    @POST
    @Path("category")
    public Response addCategory(@FormParam("name") String name) {
        String problem = categoryProblem(name, 0);
        if (!problem.isEmpty()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Templates.menu(menu.everything(), "", problem)).build();
        }
        menu.change(store -> store.appendCategory(name.strip(), Slugs.slug(name)));
        return Response.seeOther(URI.create("/admin/menu?done=category")).build();
    }

    @POST
    @Path("category/rename")
    public Response renameCategory(@FormParam("id") long id, @FormParam("name") String name) {
        String problem = categoryProblem(name, id);
        if (!problem.isEmpty()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Templates.menu(menu.everything(), "", problem)).build();
        }
        return found(menu.change(store -> store.renameCategory(id, name.strip(), Slugs.slug(name))), "/admin/menu?done=category");
    }

    @POST
    @Path("category/hidden")
    public Response hideCategory(@FormParam("id") long id, @FormParam("value") boolean value) {
        return found(menu.change(store -> store.setCategoryHidden(id, value)), "/admin/menu?done=category");
    }

    @POST
    @Path("category/move")
    public Response moveCategory(@FormParam("id") long id, @FormParam("direction") String direction) {
        menu.change(store -> store.moveCategory(id, direction(direction)));
        return Response.seeOther(URI.create("/admin/menu#category-" + id)).build();
    }

    private Response photoProblem(Product p, String problem) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(Templates.product(ProductForm.of(p), menu.everything().categories(), p, "", problem, maxPhotoMb)).build();
    }

    private String categoryProblem(String name, long exceptId) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 40 || n.chars().anyMatch(Character::isISOControl)) {
            return "A category name needs 1 to 40 characters on one line.";
        }
        if (menu.query(store -> store.categoryNameTaken(n, exceptId))) {
            return "There is already a category called " + n + ".";
        }
        return "";
    }

    private static String uniqueSlug(MenuStore store, String name, long exceptId) {
        String base = Slugs.slug(name);
        String slug = base;
        for (int n = 2; store.slugTaken(slug, exceptId); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }

    private static Direction direction(String value) {
        return "up".equals(value) ? Direction.UP : Direction.DOWN;
    }

    private static Optional<Long> parseId(String raw) {
        try {
            return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(Long.parseLong(raw.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Response found(boolean changed, String location) {
        if (!changed) {
            throw new NotFoundException();
        }
        return Response.seeOther(URI.create(location)).build();
    }
}
