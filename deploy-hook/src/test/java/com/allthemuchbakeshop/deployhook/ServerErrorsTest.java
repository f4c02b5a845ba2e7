package com.allthemuchbakeshop.deployhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.allthemuchbakeshop.deployhook.service.ServerErrors;
import com.allthemuchbakeshop.deployhook.service.ServerErrors.Count;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerErrorsTest {

    /** As the storefront's /q/metrics prints it (Quarkus Micrometer, Prometheus text), cut down. */
    private static final String PAGE = """
            # HELP http_server_requests_seconds\s
            # TYPE http_server_requests_seconds summary
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/order"} 49.0
            http_server_requests_seconds_sum{method="GET",outcome="SUCCESS",status="200",uri="/order"} 0.61
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="root"} 1384.0
            http_server_requests_seconds_count{method="POST",outcome="REDIRECTION",status="303",uri="REDIRECTION"} 45.0
            http_server_requests_seconds_count{method="POST",outcome="SERVER_ERROR",status="500",uri="/order"} 4.0
            http_server_requests_seconds_count{method="GET",outcome="CLIENT_ERROR",status="404",uri="NOT_FOUND"} 7.0
            http_server_requests_seconds_count{method="GET",outcome="SERVER_ERROR",status="503",uri="/menu"} 1.0
            http_server_requests_seconds_max{method="GET",outcome="SUCCESS",status="200",uri="root"} 0.02
            jvm_threads_live_threads 31.0
            """;

    private static ServerErrors of(long getRequests, long getErrors, long postRequests, long postErrors) {
        return new ServerErrors(Map.of("GET", new Count(getRequests, getErrors), "POST", new Count(postRequests, postErrors)));
    }

    @Test
    void countsEachMethodsRequestsAndOnlyThe5xxAsServerErrors() {
        assertEquals(Optional.of(of(1441, 1, 49, 4)), ServerErrors.parse(PAGE));
    }

    @Test
    void aPageThatIsNotMetricsIsNotReadAsZeroErrors() {
        assertEquals(Optional.empty(), ServerErrors.parse("<html>Not found</html>"));
        assertEquals(Optional.empty(), ServerErrors.parse("jvm_threads_live_threads 31.0\n"));
    }

    @Test
    void metricsBeforeTheFirstRequestAreNoRequests() {
        ServerErrors none = ServerErrors.parse("# TYPE jvm_threads_live_threads gauge\njvm_threads_live_threads 31.0\n").orElseThrow();
        assertEquals(new ServerErrors(Map.of()), none);
        assertEquals(Optional.empty(), none.tooMany(0));
        assertEquals("no requests yet", none.describe());
    }

    @Test
    void tooManyNeedsAtLeastThreeErrorsAndTheShareAboveTheLimit() {
        assertEquals(Optional.empty(), of(10, 2, 0, 0).tooMany(5), "two failed requests in ten are not a broken version yet");
        assertEquals(Optional.of("3 of 10 GET requests (30 %)"), of(10, 3, 0, 0).tooMany(5));
        assertEquals(Optional.empty(), of(1000, 3, 0, 0).tooMany(5), "3 in 1000 is below 5 %");
        assertEquals(Optional.of("50 of 1000 GET requests (5 %)"), of(1000, 50, 0, 0).tooMany(5), "exactly at the limit counts");
        assertEquals(Optional.empty(), of(1000, 49, 0, 0).tooMany(5));
        assertEquals(Optional.empty(), of(40, 39, 0, 0).tooMany(100), "100 % only when every request failed");
        assertEquals(Optional.of("40 of 40 GET requests (100 %)"), of(40, 40, 0, 0).tooMany(100));
    }

    @Test
    void aVersionThatServesItsPagesButFailsItsFormsIsCaughtByItsPosts() {
        ServerErrors ordersBroken = of(3400, 0, 110, 106);
        // overall 106 of 3510 is 3 %: under the limit, yet no order could be placed
        assertEquals(Optional.of("106 of 110 POST requests (96 %)"), ordersBroken.tooMany(5));
        assertEquals(Optional.of("4 of 49 POST requests (8 %)"), ServerErrors.parse(PAGE).orElseThrow().tooMany(5));
        assertEquals(Optional.empty(), ServerErrors.parse(PAGE).orElseThrow().tooMany(10));
    }

    @Test
    void twoReplicasAreSummedAndDescribedForGerell() {
        ServerErrors both = of(30, 6, 0, 0).plus(new ServerErrors(Map.of("GET", new Count(10, 1), "HEAD", new Count(2, 0))));
        assertEquals(new ServerErrors(Map.of("GET", new Count(40, 7), "HEAD", new Count(2, 0), "POST", new Count(0, 0))), both);
        assertEquals("GET 7 of 40 (18 %), HEAD 0 of 2 (0 %), POST 0 of 0 (0 %)", both.describe());
        assertEquals("no requests yet", new ServerErrors(Map.of()).describe());
    }
}
