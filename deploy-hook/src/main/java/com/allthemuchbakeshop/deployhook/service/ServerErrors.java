package com.allthemuchbakeshop.deployhook.service;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How many requests a new version has answered, and how many of them with a server error (5xx),
 * per HTTP method, read from its own Prometheus metrics (Quarkus Micrometer's
 * {@code http_server_requests_seconds_count}, which leaves out /q/health and the other
 * non-application paths). A new container's counters start at zero, so the counts are everything
 * visitors got from it. Per method, because the page views outnumber the forms a hundred to one:
 * a version that serves its pages but cannot store an order fails most POSTs and hardly any
 * request overall.
 */
public record ServerErrors(Map<String, Count> byMethod) {

    /** Fewer server errors than this never roll a deploy back: one failed request in ten is not a broken version. */
    public static final int MIN_ERRORS = 3;

    private static final Pattern COUNT = Pattern.compile("^http_server_requests_seconds_count\\{([^}]*)}\\s+([0-9.eE+]+)\\s*$");
    private static final Pattern METHOD = Pattern.compile("(?:^|,)method=\"([A-Z]+)\"");
    private static final Pattern STATUS = Pattern.compile("(?:^|,)status=\"([0-9]{3})\"");

    /** One method's requests and server errors. */
    public record Count(long requests, long errors) {
        Count plus(Count other) {
            return new Count(requests + other.requests, errors + other.errors);
        }

        boolean tooMany(int maxPercent) {
            return errors >= MIN_ERRORS && errors * 100 >= (long) maxPercent * requests;
        }

        long percent() {
            return requests == 0 ? 0 : Math.round(errors * 100.0 / requests);
        }
    }

    public ServerErrors {
        byMethod = Collections.unmodifiableSortedMap(new TreeMap<>(byMethod));
    }

    /**
     * The counts in a metrics page (none yet before the first request: Micrometer prints the
     * counter once it has counted); empty when the page is not Prometheus metrics at all.
     */
    public static Optional<ServerErrors> parse(String metrics) {
        Map<String, Count> counts = new TreeMap<>();
        boolean found = false;
        for (String line : metrics.split("\n")) {
            found |= line.startsWith("# TYPE ");
            Matcher m = COUNT.matcher(line);
            if (!m.matches()) {
                continue;
            }
            found = true;
            long n = (long) Double.parseDouble(m.group(2));
            Matcher method = METHOD.matcher(m.group(1));
            Matcher status = STATUS.matcher(m.group(1));
            boolean error = status.find() && status.group(1).startsWith("5");
            counts.merge(method.find() ? method.group(1) : "OTHER", new Count(n, error ? n : 0), Count::plus);
        }
        return found ? Optional.of(new ServerErrors(counts)) : Optional.empty();
    }

    /** Sums two containers' counts (two replicas of the new version). */
    public ServerErrors plus(ServerErrors other) {
        Map<String, Count> sum = new TreeMap<>(byMethod);
        other.byMethod.forEach((method, count) -> sum.merge(method, count, Count::plus));
        return new ServerErrors(sum);
    }

    /**
     * The first method whose server errors are at least {@link #MIN_ERRORS} and at least
     * {@code maxPercent} % of its requests, said for Gerell ("106 of 110 POST requests (96 %)").
     */
    public Optional<String> tooMany(int maxPercent) {
        return byMethod.entrySet().stream().filter(e -> e.getValue().tooMany(maxPercent)).findFirst()
                .map(e -> e.getValue().errors() + " of " + e.getValue().requests() + " " + e.getKey() + " requests ("
                        + e.getValue().percent() + " %)");
    }

    /** "GET 0 of 3300 (0 %), POST 2 of 110 (2 %)"; "no requests yet" when there were none. */
    public String describe() {
        return byMethod.isEmpty() ? "no requests yet"
                : byMethod.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().errors() + " of " + e.getValue().requests()
                        + " (" + e.getValue().percent() + " %)").collect(Collectors.joining(", "));
    }
}
