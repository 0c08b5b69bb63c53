package io.cmautopilot.core.config;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SnapStart priming (docs/PERFORMANCE.md, "Cold start"): before Lambda snapshots an initialised function, run a dry call through
 * each client so that class loading, JIT warm-up and the SDK's marshalling paths are in the snapshot, not in the
 * first request. Failures are swallowed: priming must never break a deployment. CRaC keeps resources weakly, so the
 * registered resource is held here.
 */
public final class Priming {
    private static final List<Runnable> DRY_CALLS = new CopyOnWriteArrayList<>();
    /** Registered with CRaC's global context; package-private so a test can play the checkpoint. */
    static final Resource RESOURCE = new Resource() {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            primeNow();
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            // nothing to reopen: SDK clients reconnect lazily
        }
    };

    static {
        Core.getGlobalContext().register(RESOURCE);
    }

    private Priming() {
    }

    /** Adds a dry call to run before the snapshot (e.g. a GetItem on a key that does not exist). */
    public static void add(Runnable dryCall) {
        DRY_CALLS.add(dryCall);
    }

    /** Runs every dry call now, swallowing errors; returns how many completed. */
    public static int primeNow() {
        return run(DRY_CALLS);
    }

    /** Runs the calls in order, each whatever the one before did; returns how many completed. */
    static int run(Iterable<Runnable> calls) {
        int ok = 0;
        for (Runnable call : calls) {
            try {
                call.run();
                ok++;
            } catch (RuntimeException ignored) {
                // a dry call may fail (no permission, no item): its warm-up already happened
            }
        }
        return ok;
    }
}
