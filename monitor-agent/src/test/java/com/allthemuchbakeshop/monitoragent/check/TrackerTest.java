package com.allthemuchbakeshop.monitoragent.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.allthemuchbakeshop.monitoragent.check.Observation.Audience;
import com.allthemuchbakeshop.monitoragent.check.Tracker.Change;
import com.allthemuchbakeshop.monitoragent.check.Tracker.State;
import com.allthemuchbakeshop.monitoragent.check.Tracker.Status;
import com.allthemuchbakeshop.monitoragent.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerting rules, round by round, with the notices a round would send (and their delivery). */
class TrackerTest {

    private final Tracker tracker = new Tracker(new Tracker.Rules(2, 2, Duration.ofHours(3), Duration.ofSeconds(10)));
    private Instant now = Instant.parse("2026-12-04T12:00:00Z");
    private State state;
    private final List<Change> told = new ArrayList<>();

    @TempDir
    Path dir;

    private static Observation pass() {
        return Observation.ok("container:storefront", "the storefront container", Audience.DEVELOPER, "Up 2 hours (healthy)", -1);
    }

    private static Observation fail() {
        return Observation.failed("container:storefront", "the storefront container", Audience.DEVELOPER,
                "not running (exited with code 143)", "log lines", -1);
    }

    /** One round: the observation, then whatever is due is delivered. */
    private void round(Observation o, boolean maintenance) {
        state = tracker.apply(state, o, now);
        Optional<Change> due = tracker.due(state, now, maintenance);
        due.ifPresent(c -> {
            told.add(c);
            state = tracker.sent(state, c, now);
        });
        now = now.plusSeconds(10);
    }

    private void round(Observation o) {
        round(o, false);
    }

    @Test
    void downAfterTwoFailuresInARowToldOnceAndBackAfterTwoPassesWithExactlyOneRecoveryNotice() {
        round(pass());
        round(fail());
        assertEquals(Status.PENDING, state.status());
        assertTrue(told.isEmpty(), "one failure is not yet down");
        round(fail());
        assertEquals(Status.DOWN, state.status());
        Instant incident = state.since();
        round(fail());
        round(fail());
        assertEquals(List.of(Change.DOWN), told);
        round(pass());
        assertEquals(Status.DOWN, state.status(), "one pass is not yet back");
        round(pass());
        assertEquals(Status.UP, state.status());
        round(pass());
        round(pass());
        assertEquals(List.of(Change.DOWN, Change.RECOVERED), told);
        assertTrue(state.since().isAfter(incident));
    }

    @Test
    void aFlappingCheckSendsNothing() {
        for (int i = 0; i < 30; i++) {
            round(i % 2 == 0 ? fail() : pass());
        }
        assertTrue(told.isEmpty(), told.toString());
        // Down, then flapping while down: no recovery notice, no second down notice.
        round(fail());
        round(fail());
        for (int i = 0; i < 30; i++) {
            round(i % 2 == 0 ? pass() : fail());
        }
        assertEquals(List.of(Change.DOWN), told);
    }

    @Test
    void aCertainFailureIsDownAtOnce() {
        round(Observation.failed("oom:storefront", "storefront out of memory", Audience.DEVELOPER, "out of memory", "", -1).certain());
        assertEquals(Status.DOWN, state.status());
        assertEquals(List.of(Change.DOWN), told);
    }

    @Test
    void remindersComeAtTheIntervalWhileItStaysDown() {
        round(fail());
        round(fail());
        for (int i = 0; i < 3 * 360 + 5; i++) { // a little over 3 hours of 10-second rounds
            round(fail());
        }
        assertEquals(List.of(Change.DOWN, Change.REMINDER), told);
        for (int i = 0; i < 3 * 360; i++) {
            round(fail());
        }
        assertEquals(List.of(Change.DOWN, Change.REMINDER, Change.REMINDER), told);
    }

    @Test
    void nothingIsToldInsideAMaintenanceWindowAndWhatIsStillWrongAfterItIsToldThen() {
        round(fail(), true);
        round(fail(), true);
        round(fail(), true);
        round(pass(), true);
        round(pass(), true);
        round(fail(), true);
        round(fail(), true);
        assertTrue(told.isEmpty(), told.toString());
        assertEquals(Status.DOWN, state.status());
        round(fail(), false); // the window is over, it is still down
        assertEquals(List.of(Change.DOWN), told);

        // Back inside a window: the recovery waits for the window's end, then is told once.
        round(pass(), true);
        round(pass(), true);
        round(pass(), true);
        assertEquals(List.of(Change.DOWN), told);
        round(pass(), false);
        round(pass(), false);
        assertEquals(List.of(Change.DOWN, Change.RECOVERED), told);
    }

    @Test
    void aFailedDeliveryIsTriedAgainNextRound() {
        state = tracker.apply(state, fail(), now);
        state = tracker.apply(state, fail(), now.plusSeconds(10));
        assertEquals(Optional.of(Change.DOWN), tracker.due(state, now.plusSeconds(10), false));
        // not delivered (neither the notifier nor SMTP took it): still due next round
        state = tracker.apply(state, fail(), now.plusSeconds(20));
        assertEquals(Optional.of(Change.DOWN), tracker.due(state, now.plusSeconds(20), false));
    }

    @Test
    void anAgentRestartedMidIncidentCarriesOnWithoutASecondDownNotice() {
        round(fail());
        round(fail());
        assertEquals(List.of(Change.DOWN), told);
        try (Store store = new Store(dir)) {
            store.save(state);
        }
        // A new agent: its state comes from the database.
        try (Store store = new Store(dir)) {
            state = store.states().get("container:storefront");
        }
        assertEquals(Status.DOWN, state.status());
        assertTrue(state.alerted());
        round(fail());
        round(fail());
        assertEquals(List.of(Change.DOWN), told, "no second down notice");
        round(pass());
        round(pass());
        assertEquals(List.of(Change.DOWN, Change.RECOVERED), told);
        assertFalse(state.alerted());
    }

    @Test
    void roundsInQuickSuccessionDoNotConfirmAFailureBeforeTheRetryInterval() {
        // A burst of Docker events: three rounds within two seconds.
        for (int i = 0; i < 3; i++) {
            state = tracker.apply(state, fail(), now);
            now = now.plusMillis(700);
        }
        assertEquals(Status.PENDING, state.status());
        assertEquals(Optional.empty(), tracker.due(state, now, false));
        now = now.plusSeconds(8); // ten seconds after the first failure
        state = tracker.apply(state, fail(), now);
        assertEquals(Status.DOWN, state.status());
        // Back up in between: the clock starts again.
        state = tracker.apply(state, pass(), now);
        state = tracker.apply(state, pass(), now);
        state = tracker.apply(state, fail(), now.plusSeconds(1));
        state = tracker.apply(state, fail(), now.plusSeconds(2));
        assertEquals(Status.PENDING, state.status());
    }
}
