package io.cmautopilot.local;

import io.cmautopilot.local.http.RouteTable;
import io.cmautopilot.local.template.Wiring.RouteSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** API Gateway's route selection: most specific first, method before ANY, $default last. */
class RouteTableTest {
    static RouteSpec route(String fn, String method, String path) {
        return new RouteSpec(fn, fn, method, path);
    }

    final RouteTable table = new RouteTable(List.of(
            route("Any", "ANY", "/v1/{proxy+}"),
            route("Param", "GET", "/v1/brands/{brand}"),
            route("Literal", "GET", "/v1/brands/demo"),
            route("AnyBrand", "ANY", "/v1/brands/{brand}"),
            route("Default", "ANY", RouteSpec.DEFAULT_ROUTE)));

    String winner(String method, String path) {
        return table.match(method, path).map(m -> m.route().functionId()).orElse("none");
    }

    @Test
    void theMostSpecificRouteWins() {
        assertThat(winner("GET", "/v1/brands/demo")).isEqualTo("Literal");
        assertThat(winner("GET", "/v1/brands/acme")).isEqualTo("Param");
        assertThat(winner("POST", "/v1/brands/acme")).isEqualTo("AnyBrand");
        assertThat(winner("GET", "/v1/brands/acme/posts")).isEqualTo("Any");
        assertThat(table.match("GET", "/v1/x/y/z").orElseThrow().pathParameters()).containsEntry("proxy", "x/y/z");
    }

    @Test
    void theDefaultRouteTakesWhatNothingElseDoes() {
        assertThat(winner("DELETE", "/elsewhere")).isEqualTo("Default");
        assertThat(table.match("GET", "/elsewhere").orElseThrow().route().routeKey()).isEqualTo("$default");
    }

    @Test
    void withoutADefaultRouteTheMethodsOfAPathTell405From404() {
        RouteTable t = new RouteTable(List.of(route("A", "GET", "/a/{id}"), route("B", "PUT", "/a/{id}")));

        assertThat(t.match("POST", "/a/1")).isEmpty();
        assertThat(t.methodsFor("/a/1")).containsExactlyInAnyOrder("GET", "PUT");
        assertThat(t.methodsFor("/b")).isEmpty();
    }
}
