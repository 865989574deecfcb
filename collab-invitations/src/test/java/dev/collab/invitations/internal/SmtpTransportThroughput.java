package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * A benchmark, not part of the build's tests: how many invitation mails per second the SMTP
 * transport hands to a real SMTP server (GreenMail on this machine), with a connection per mail
 * and with the kept connection, alternating three times. It checks only that every mail arrived;
 * the figures are printed, never asserted.
 *
 * <p>Run: {@code mvn -B -pl collab-invitations -am test -Dtest=SmtpTransportThroughput
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcollab.bench.smtpMails=2000}
 */
@EnabledIfSystemProperty(named = "collab.bench.smtpMails", matches = "[1-9][0-9]*")
class SmtpTransportThroughput {

    @Test
    void mailsPerSecondWithAndWithoutTheKeptConnection() throws Exception {
        int mails = Integer.getInteger("collab.bench.smtpMails");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        server.start();
        try {
            for (int round = 1; round <= 3; round++) {
                for (int keepAlive : new int[] {0, 5}) {
                    SmtpTransport transport = SmtpTransportTest.transport(server.getSmtp().getPort(), Map.of("keepAliveSeconds", keepAlive));
                    long cpu = threads.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    for (int i = 0; i < mails; i++) {
                        transport.send(SmtpTransportTest.invitation("<throughput-" + i + "@portal.broker.example>", "de"));
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double cpuMillis = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
                    transport.stop();
                    assertEquals(mails, server.getReceivedMessages().length);
                    System.out.printf("round %d, keepAliveSeconds %d: %d mails in %.1f s, %.0f mails/s, sender CPU %.2f ms a mail%n", round,
                        keepAlive, mails, seconds, mails / seconds, cpuMillis / mails);
                    server.purgeEmailFromAllMailboxes();
                }
            }
        } finally {
            server.stop();
        }
    }
}
