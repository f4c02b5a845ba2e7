package com.allthemuchbakeshop.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.allthemuchbakeshop.notifier.service.SmtpProblem;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Which failures only a change of settings can fix, as the mail client reports them (the same
 * exceptions and texts as vertx-mail-client's SMTPAuthentication and SMTPInitialDialogue).
 */
class SmtpProblemTest {

    private static SMTPException reply(String command, String line) {
        return new SMTPException(command + " failed", Integer.parseInt(line.substring(0, 3)), List.of(line), true);
    }

    private static Optional<SmtpProblem> of(Throwable t) {
        return SmtpProblem.of(new CompletionException(t)); // as the blocking mailer hands them over
    }

    @Test
    void settingsProblemsAreRecognised() {
        assertEquals(Optional.of(SmtpProblem.CREDENTIALS_REFUSED), of(reply("AUTH PLAIN", "535 Authentication failed: Bad username / password")));
        assertEquals(Optional.of(SmtpProblem.CREDENTIALS_REFUSED), of(reply("AUTH LOGIN", "534 5.7.9 Please log in with your web browser")));
        assertEquals(Optional.of(SmtpProblem.LOGIN_OR_TLS_DEMANDED), of(reply("MAIL FROM", "530 5.7.0 Authentication required")));
        assertEquals(Optional.of(SmtpProblem.NO_STARTTLS), of(new NoStackTraceThrowable("STARTTLS required but not supported by server")));
        assertEquals(Optional.of(SmtpProblem.NO_LOGIN_METHOD), of(new NoStackTraceThrowable(
                "login is required, but no allowed AUTH methods available. You may need to do STARTTLS")));
        assertEquals(Optional.of(SmtpProblem.NO_PASSWORD), of(new NoStackTraceThrowable("login is required, but no credentials supplied")));
        assertEquals(Optional.of(SmtpProblem.CERTIFICATE_NOT_TRUSTED), of(new SSLHandshakeException("PKIX path building failed")
                .initCause(new CertificateException("unable to find valid certification path"))));
    }

    @Test
    void failuresRetryingCanFixAreNot() {
        assertEquals(Optional.empty(), of(new ConnectException("Connection refused")));
        assertEquals(Optional.empty(), of(reply("AUTH PLAIN", "454 4.7.0 Temporary authentication failure")));
        assertEquals(Optional.empty(), of(reply("RCPT TO", "550 5.1.1 No such user")), "the message's own problem: given up as before");
        assertEquals(Optional.empty(), of(new SSLHandshakeException("Remote host terminated the handshake")));
    }
}
