package io.cmautopilot.publish;

import io.cmautopilot.core.Network;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A network that answers at once, counting the calls per target; its answer can be scripted. */
public final class FakeNetwork implements NetworkPublisher {
    private final Network network;
    private final boolean deduplicates;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile Function<PublishRequest, PublishResult> answer;

    public FakeNetwork(Network network, boolean deduplicates) {
        this.network = network;
        this.deduplicates = deduplicates;
        this.answer = r -> new PublishResult.Published("remote-" + key(r), "https://example.social/" + key(r));
    }

    private static String key(PublishRequest r) {
        return r.target().postId() + "/" + r.target().accountId();
    }

    public FakeNetwork answering(Function<PublishRequest, PublishResult> f) {
        this.answer = f;
        return this;
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public boolean deduplicates() {
        return deduplicates;
    }

    @Override
    public PublishResult publish(PublishRequest request) {
        calls.computeIfAbsent(key(request), k -> new AtomicInteger()).incrementAndGet();
        return answer.apply(request);
    }

    public Map<String, Integer> calls() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
