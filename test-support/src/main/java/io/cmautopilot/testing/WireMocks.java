package io.cmautopilot.testing;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The WireMock engine for the platforms' HTTP APIs and Comprehend's JSON protocol: a JUnit 5 extension on a dynamic
 * loopback port. Register with {@code @RegisterExtension static WireMockExtension api = WireMocks.server();}.
 */
public final class WireMocks {
    private WireMocks() {
    }

    public static WireMockExtension server() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
                .build();
    }
}
