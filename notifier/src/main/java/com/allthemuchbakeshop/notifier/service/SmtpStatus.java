package com.allthemuchbakeshop.notifier.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Whether email can leave at all. Stopped by an attempt that failed for a reason only a change of
 * settings can fix; going again once the SMTP server accepts a message (a failure retrying can fix,
 * like a relay that is down, neither stops nor restarts it). Kept in memory: after a restart the
 * first attempt, within seconds, finds the problem again.
 */
@ApplicationScoped
public class SmtpStatus {

    private static final Logger LOG = Logger.getLogger(SmtpStatus.class);

    /** Why email stopped, and since when. */
    public record Stopped(SmtpProblem problem, Instant since) {
    }

    private final Clock clock;
    private final AtomicReference<Stopped> stopped = new AtomicReference<>();

    SmtpStatus(Clock clock) {
        this.clock = clock;
    }

    public Optional<Stopped> stopped() {
        return Optional.ofNullable(stopped.get());
    }

    void failed(SmtpProblem problem) {
        Stopped before = stopped.get();
        if (before != null && before.problem() == problem) {
            return; // said once per problem; each attempt still logs its own line with the reason
        }
        stopped.set(new Stopped(problem, clock.instant()));
        LOG.errorf("Email cannot leave: %s. Check %s. Messages wait in the outbox and go out once it is fixed.",
                problem.reason(), problem.check());
    }

    void sent() {
        Stopped before = stopped.getAndSet(null);
        if (before != null) {
            LOG.infof("Email leaves again: the SMTP server accepted a message (stopped since %s: %s)", before.since(),
                    before.problem().reason());
        }
    }
}
