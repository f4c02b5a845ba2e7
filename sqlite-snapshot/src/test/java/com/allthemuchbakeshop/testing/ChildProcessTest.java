package com.allthemuchbakeshop.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class ChildProcessTest {

    @Test
    void aChildThatExitsWhileStartingFailsWithTheLastFortyLinesOfItsLogWhichIsKept(TestInfo info) throws Exception {
        ChildProcess child = ChildProcess.start(ChildProcess.folder(info), "service", List.of("sh", "-c",
                "i=1; while [ $i -le 100 ]; do echo \"line $i\"; i=$((i + 1)); done; echo \"$REASON\"; exit 3"),
                Map.of("REASON", "Port already bound: 20001"));
        AssertionError e = assertThrows(AssertionError.class, () -> child.awaitReady(TestPorts.next(), Duration.ofSeconds(30)));
        String message = e.getMessage();
        assertTrue(message.startsWith("service exited while starting with status 3; last 40 lines of "), message);
        assertTrue(message.endsWith("line 100\nPort already bound: 20001"), message);
        assertTrue(message.contains("\nline 62\n") && !message.contains("line 61\n"), "only the last 40 lines: " + message);
        assertTrue(child.log().startsWith(Files.createDirectories(java.nio.file.Path.of("target/child-logs")).toAbsolutePath()),
                child.log().toString());
        assertTrue(Files.readString(child.log()).contains("line 1\n"), "the whole log stays under target/");
    }

    @Test
    void aChildThatNeverListensFailsWhenTheTimeRunsOutAndIsStopped(TestInfo info) throws Exception {
        ChildProcess child = ChildProcess.start(ChildProcess.folder(info), "sleeper", List.of("sh", "-c", "echo waiting; exec sleep 60"),
                Map.of());
        int port = TestPorts.next();
        AssertionError e = assertThrows(AssertionError.class, () -> child.awaitListening(port, Duration.ofMillis(500)));
        assertTrue(e.getMessage().startsWith("sleeper did not listen on port " + port + " in 0.5 s; last 1 line of "), e.getMessage());
        assertTrue(e.getMessage().endsWith("\nwaiting"), e.getMessage());
        child.close();
        assertFalse(child.isAlive());
    }
}
