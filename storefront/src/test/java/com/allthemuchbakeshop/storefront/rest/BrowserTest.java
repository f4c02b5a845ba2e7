package com.allthemuchbakeshop.storefront.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The site in a real browser (Debian's Chromium through chromedriver), at a phone's width and a
 * laptop's: nothing scrolls sideways, every image loads, and an order can be placed by hand.
 */
@QuarkusTest
class BrowserTest {

    private static final List<String> PAGES = List.of("/", "/menu", "/order", "/about", "/signup");

    @TestHTTPResource("/")
    URL base;

    private WebDriver browser;

    @Test
    void atPhoneWidthNothingScrollsSidewaysAndEveryImageLoads() throws Exception {
        browser = open(375, 812, true);
        for (String page : PAGES) {
            checkLayoutAndImages(page, 375);
        }
    }

    @Test
    void atLaptopWidthNothingScrollsSidewaysAndEveryImageLoads() throws Exception {
        browser = open(1280, 800, false);
        for (String page : PAGES) {
            checkLayoutAndImages(page, 1280);
        }
    }

    @Test
    void anOrderCanBeFilledInAndSentOnAPhone() throws Exception {
        browser = open(375, 812, true);
        browser.get(url("/order"));
        browser.findElement(By.id("name")).sendKeys("Margaret Hamilton");
        browser.findElement(By.id("email")).sendKeys("margaret@example.com");
        browser.findElement(By.id("phone")).sendKeys("555 010 9876");
        String date = LocalDate.now(OrderFormTest.BAKERY_ZONE).plusDays(7).toString();
        // Typing into a date input depends on the browser's locale; set the value as a date picker would.
        WebElement dateInput = browser.findElement(By.id("date"));
        js().executeScript("arguments[0].value = arguments[1]", dateInput, date);
        WebElement firstQuantity = browser.findElement(By.cssSelector("input[name^='qty-']"));
        firstQuantity.sendKeys("2");
        browser.findElement(By.id("request")).sendKeys("One loaf sliced, please.");
        WebElement submit = browser.findElement(By.cssSelector("form.form button[type=submit]"));
        js().executeScript("arguments[0].scrollIntoView()", submit);
        submit.click();

        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/order/thanks/"));
        String text = browser.findElement(By.tagName("main")).getText();
        assertTrue(text.contains("Thank you, we have your order request"), text);
        assertTrue(browser.findElement(By.cssSelector(".reference strong")).getText().matches("[2-9A-Z]{6}"));
        assertTrue(text.contains("2 × Country Sourdough"), text);
        assertEquals(0L, horizontalOverflow());
    }

    @Test
    void theOwnerAddsAProductWithAPhotoAndMarksItSoldOutFromHerPhone() throws Exception {
        Path photo = Files.createTempFile("cinnamon-roll", ".jpg");
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(1200, 900, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(196, 128, 64));
        g.fillOval(200, 100, 800, 700);
        g.dispose();
        javax.imageio.ImageIO.write(image, "jpg", photo.toFile());

        browser = open(375, 812, true);
        browser.get(url("/admin/menu"));
        assertTrue(browser.getCurrentUrl().endsWith("/admin/sign-in"), "the admin asks for a sign-in first");
        assertFieldLooksLike("password", "name");
        browser.findElement(By.id("name")).sendKeys("katie");
        browser.findElement(By.id("password")).sendKeys(AdminSession.KATIE_PASSWORD);
        browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/admin/orders"));
        assertEquals(0L, horizontalOverflow(), "the orders page fits a phone");
        assertFieldLooksLike("q", "date");

        browser.get(url("/admin/product"));
        browser.findElement(By.id("name")).sendKeys("Cinnamon Roll");
        browser.findElement(By.id("price")).sendKeys("4.50");
        browser.findElement(By.id("unit")).sendKeys("each");
        clickSubmit("form.form[action='/admin/product'] button[type=submit]");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("done=added"));

        browser.findElement(By.id("photo")).sendKeys(photo.toString());
        clickSubmit("form[action='/admin/product/photo'] button[type=submit]");
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("done=photo"));
        assertEquals(0L, horizontalOverflow(), "the product page fits a phone");

        browser.get(url("/admin/menu"));
        WebElement card = browser.findElements(By.cssSelector("li.admin-product")).stream()
                .filter(li -> li.getText().contains("Cinnamon Roll")).findFirst().orElseThrow();
        WebElement soldOut = card.findElement(By.xpath(".//button[normalize-space()='Sold out today']"));
        js().executeScript("arguments[0].scrollIntoView({block: 'center'})", soldOut);
        soldOut.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("done=saved"));
        assertEquals(0L, horizontalOverflow(), "the menu editor fits a phone");

        browser.get(url("/menu"));
        WebElement publicCard = browser.findElements(By.cssSelector("li.card")).stream()
                .filter(li -> li.getText().contains("Cinnamon Roll")).findFirst().orElseThrow();
        assertTrue(publicCard.getText().contains("Sold out today"), publicCard.getText());
        WebElement img = publicCard.findElement(By.tagName("img"));
        js().executeScript("arguments[0].scrollIntoView({block: 'center'})", img);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> (Boolean) js().executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        assertTrue(img.getAttribute("src").matches(".*/photos/p-[0-9a-f]{20}-400\\.jpg"), img.getAttribute("src"));
    }

    private void clickSubmit(String css) {
        WebElement button = browser.findElement(By.cssSelector(css));
        js().executeScript("arguments[0].scrollIntoView({block: 'center'})", button);
        button.click();
    }

    /** A field is as wide as its neighbour and a full touch target (not the browser's tiny default box). */
    private void assertFieldLooksLike(String id, String neighbour) {
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) js().executeScript(
                "const a = document.getElementById(arguments[0]).getBoundingClientRect();"
                        + " const b = document.getElementById(arguments[1]).getBoundingClientRect();"
                        + " return [a.width, b.width, a.height];", id, neighbour);
        assertEquals(box.get(1).doubleValue(), box.get(0).doubleValue(), 1.0, "#" + id + " is as wide as #" + neighbour);
        assertTrue(box.get(2).doubleValue() >= 48, "#" + id + " is at least 48 px tall: " + box.get(2));
    }

    private void checkLayoutAndImages(String page, int width) {
        browser.get(url(page));
        assertEquals(0L, horizontalOverflow(), page + " at " + width + " px scrolls sideways");
        // Bring each image into view in turn, as a visitor scrolling down would, so lazy ones load.
        long count = (Long) js().executeScript("return document.images.length");
        for (int i = 0; i < count; i++) {
            int index = i;
            js().executeScript("document.images[arguments[0]].scrollIntoView({block: 'center'})", index);
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> (Boolean) js().executeScript(
                    "return document.images[arguments[0]].complete", index));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> broken = (List<Map<String, Object>>) js().executeScript(
                "return Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => ({src: i.currentSrc || i.src}))");
        assertTrue(broken.isEmpty(), page + " at " + width + " px has images that did not load: " + broken);
        long images = (Long) js().executeScript("return document.images.length");
        assertTrue(images >= 1, page + " shows at least the logo");
    }

    private long horizontalOverflow() {
        return (Long) js().executeScript(
                "return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)");
    }

    private JavascriptExecutor js() {
        return (JavascriptExecutor) browser;
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    private static WebDriver open(int width, int height, boolean mobile) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        Path profile = Files.createTempDirectory("bakeshop-chromium-");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        if (mobile) {
            options.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 2.0, "touch", true),
                    "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36"));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver")).toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }
}
