package io.cmautopilot.scoring.bench;

import io.cmautopilot.scoring.lexicon.LexiconEngine;

import java.util.Locale;

/**
 * What the offline engine adds to a cold start (docs/PERFORMANCE.md, Cold start): in a fresh JVM, the time to build
 * the engine (lexicons, and with {@code models} the three trained models) and to score the first comment. Run once per
 * JVM (wall clock and the main thread's CPU time, which a loaded machine does not inflate), e.g. with Lambda's
 * {@code -XX:TieredStopAtLevel=1}:
 * {@code java -XX:TieredStopAtLevel=1 -cp <scoring jar>:<test classes> io.cmautopilot.scoring.bench.EngineColdStart models}
 */
public final class EngineColdStart {
    public static void main(String[] args) {
        boolean models = args.length > 0 && args[0].equals("models");
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        LexiconEngine engine = models ? LexiconEngine.standard() : LexiconEngine.rulesOnly();
        long t1 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        String label = engine.score("Ma commande n'est toujours pas arrivée", null).sentiment().label().name();
        long t2 = System.nanoTime();
        long c2 = cpu.getCurrentThreadCpuTime();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf(Locale.ROOT, "%s: build %.0f ms (%.0f ms CPU), first score %.0f ms (%.0f ms CPU; %s),"
                        + " heap used after GC %.1f MB%n", models ? "rules + trained models" : "rules only",
                (t1 - t0) / 1e6, (c1 - c0) / 1e6, (t2 - t1) / 1e6, (c2 - c1) / 1e6, label,
                (rt.totalMemory() - rt.freeMemory()) / 1e6);
    }
}
