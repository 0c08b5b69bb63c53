package io.cmautopilot.local.http;

import io.cmautopilot.local.template.Wiring.RouteSpec;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP API route selection: literal segments, {@code {param}} segments and a final greedy {@code {proxy+}}.
 * As in API Gateway, the most specific route wins (a literal segment beats a parameter, which beats the greedy
 * variable) and a route naming the method beats {@code ANY}.
 */
public final class RouteTable {
    private final List<Compiled> routes;

    private record Compiled(RouteSpec spec, String[] segments) {
        /** Specificity per segment: 2 literal, 1 parameter, 0 greedy; compared left to right; $default last. */
        int[] rank() {
            if (isDefault()) {
                return new int[]{-1};
            }
            int[] r = new int[segments.length + 1];
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                r[i] = s.endsWith("+}") ? 0 : s.startsWith("{") ? 1 : 2;
            }
            r[segments.length] = "ANY".equals(spec.method()) ? 0 : 1;
            return r;
        }

        boolean isDefault() {
            return spec.path().equals(RouteSpec.DEFAULT_ROUTE);
        }
    }

    /** A matched route with its path parameters (URL-decoded, as API Gateway passes them). */
    public record Match(RouteSpec route, Map<String, String> pathParameters) {
    }

    public RouteTable(List<RouteSpec> specs) {
        List<Compiled> list = new ArrayList<>();
        for (RouteSpec s : specs) {
            list.add(new Compiled(s, s.path().equals(RouteSpec.DEFAULT_ROUTE) ? new String[0] : split(s.path())));
        }
        list.sort(Comparator.comparing(Compiled::rank, RouteTable::compareRanks).reversed());
        this.routes = List.copyOf(list);
    }

    private static int compareRanks(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /** The route for a method and raw path; empty when none. */
    public Optional<Match> match(String method, String rawPath) {
        String[] path = split(rawPath);
        for (Compiled c : routes) {
            if (c.isDefault()) {
                return Optional.of(new Match(c.spec(), Map.of()));
            }
            if (!c.spec().method().equals(method) && !c.spec().method().equals("ANY")) {
                continue;
            }
            Map<String, String> params = bind(c.segments(), path);
            if (params != null) {
                return Optional.of(new Match(c.spec(), params));
            }
        }
        return Optional.empty();
    }

    /** The methods some route accepts on this path (to tell 405 from 404). */
    public List<String> methodsFor(String rawPath) {
        String[] path = split(rawPath);
        return routes.stream().filter(c -> !c.isDefault() && bind(c.segments(), path) != null).map(c -> c.spec().method())
                .distinct().toList();
    }

    private static Map<String, String> bind(String[] pattern, String[] path) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("+}")) {
                if (i >= path.length) {
                    return null;
                }
                List<String> rest = new ArrayList<>();
                for (int j = i; j < path.length; j++) {
                    rest.add(decode(path[j]));
                }
                params.put(p.substring(1, p.length() - 2), String.join("/", rest));
                return params;
            }
            if (i >= path.length) {
                return null;
            }
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), decode(path[i]));
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return pattern.length == path.length ? params : null;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
