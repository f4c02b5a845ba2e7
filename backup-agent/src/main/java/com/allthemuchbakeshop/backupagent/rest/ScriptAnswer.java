package com.allthemuchbakeshop.backupagent.rest;

import io.smallrye.mutiny.Multi;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A long job's answer to a shell script, streamed: a line every 15 seconds while it runs (busybox
 * wget drops a connection silent for 15 minutes, and a person sees it is alive), then the result.
 */
final class ScriptAnswer {

    static final long TICK_SECONDS = 15;
    private static final ScheduledExecutorService TICKS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "script-answer-ticks");
        t.setDaemon(true);
        return t;
    });

    private ScriptAnswer() {
    }

    static Multi<String> stream(Supplier<String> job) {
        return Multi.createFrom().emitter(emitter -> {
            long start = System.nanoTime();
            Object lock = new Object();
            ScheduledFuture<?> ticks = TICKS.scheduleAtFixedRate(() -> {
                synchronized (lock) {
                    emitter.emit("... still working (" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s)\n");
                }
            }, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
            Thread worker = new Thread(() -> {
                String result;
                try {
                    result = job.get();
                } catch (RuntimeException e) {
                    result = "RESULT: failed\n" + e + "\n";
                }
                ticks.cancel(false);
                synchronized (lock) {
                    emitter.emit(result);
                    emitter.complete();
                }
            }, "script-answer");
            worker.start();
            emitter.onTermination(() -> ticks.cancel(false));
        });
    }
}
