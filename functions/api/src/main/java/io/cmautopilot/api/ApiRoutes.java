package io.cmautopilot.api;

import io.cmautopilot.core.http.Router;

/** One feature's routes of the management API (brands, accounts, posts, comments, subscriptions...). */
public interface ApiRoutes {
    void register(Router router);
}
