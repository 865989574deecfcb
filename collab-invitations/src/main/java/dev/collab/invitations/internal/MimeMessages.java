package dev.collab.invitations.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.ByteArrayDataSource;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import dev.collab.api.mail.OutgoingMail;

/**
 * Turns an {@link OutgoingMail} into the RFC 5322 message both transports deliver: UTF-8,
 * plain text alone or {@code multipart/alternative} text + HTML, with our Message-ID.
 */
final class MimeMessages {
    /** A bare ASCII address: what the envelope (RCPT TO) carries, byte for byte. */
    private static final Pattern BARE_ADDRESS =
        Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9.-]{1,253}");

    /**
     * The recipient exactly as stored, or an {@link AddressException}: never a different
     * address. Jakarta Mail would take the address out of {@code "Name <x@y>"} or
     * {@code "<x@y>"}, and its SMTP transport writes each character's low byte only, so
     * {@code vanrĳn@…} would go to {@code vanr3n@…}. Only bare ASCII addresses pass (the suite
     * stores no others: see collab-profiles {@code Rules.email}); the transports here do not
     * speak SMTPUTF8.
     *
     * @param address the stored address
     * @return the recipient, whose {@code getAddress()} equals {@code address}
     * @throws AddressException for anything else
     */
    static InternetAddress recipient(String address) throws AddressException {
        if (address == null || !BARE_ADDRESS.matcher(address).matches()) {
            throw new AddressException("The recipient is not a plain ASCII e-mail address.");
        }
        InternetAddress to = new InternetAddress(address, true);
        if (!address.equals(to.getAddress()) || to.getPersonal() != null) {
            throw new AddressException("The recipient is not a plain ASCII e-mail address.");
        }
        return to;
    }

    /** RFC 5322 2.1.1: a line must not exceed 998 octets without its CRLF. */
    private static final int MAX_LINE = 998;

    private MimeMessages() {
    }

    /**
     * @param session the session the message belongs to
     * @param mail what to send
     * @return the message, headers complete ({@code saveChanges} done)
     * @throws AddressException if the recipient's address is not valid
     * @throws MessagingException if the message cannot be built
     */
    static MimeMessage build(Session session, OutgoingMail mail) throws MessagingException {
        InternetAddress to = recipient(mail.to());
        InternetAddress from = new InternetAddress(mail.from(), false);
        MimeMessage message = new FixedIdMessage(session, mail.messageId());
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, to);
        message.setSubject(oneLine(mail.subject()), "UTF-8");
        message.setSentDate(new Date());
        if (mail.html() == null || mail.html().isBlank()) {
            fill(message, mail.text(), "plain");
        } else {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            fill(text, mail.text(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            fill(html, mail.html(), "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setDataHandler(new MultipartDataHandler(alternative));
            alternative.setParent(message);
        }
        message.saveChanges();
        return message;
    }

    /**
     * Sets a text body from its UTF-8 bytes. A byte data source needs no mailcap entry (which an
     * OSGi container may not let Jakarta Activation find) and never falls back to the platform
     * charset. The encoding is 8bit while every line is short enough, so the registration link
     * stays verbatim in the message; otherwise quoted-printable.
     */
    private static void fill(MimePart part, String body, String subtype) throws MessagingException {
        String crlf = body == null ? "" : body.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        byte[] bytes = crlf.getBytes(StandardCharsets.UTF_8);
        String type = "text/" + subtype + "; charset=UTF-8";
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
        part.setHeader("Content-Type", type);
        part.setHeader("Content-Transfer-Encoding", transferEncoding(crlf));
    }

    /** @return {@code 7bit}, {@code 8bit} or {@code quoted-printable}: the plainest the text allows */
    static String transferEncoding(String crlfText) {
        boolean ascii = true;
        for (String line : crlfText.split("\r\n", -1)) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > MAX_LINE) {
                return "quoted-printable";
            }
            for (byte b : bytes) {
                if (b == 0 || b == '\r' || b == '\n') {
                    return "quoted-printable";
                }
                ascii &= b > 0;
            }
        }
        return ascii ? "7bit" : "8bit";
    }

    private static String oneLine(String subject) {
        return subject == null ? "" : subject.replaceAll("[\\r\\n\\t ]+", " ").trim();
    }

    /**
     * Runs mail code with the thread context class loader set to Angus Mail's own loader: Jakarta
     * Mail and Activation look up their providers, mailcap and handler classes through the TCCL,
     * and from there Angus sees its own resources and (dynamic imports) Angus Activation. With SPI
     * Fly present the ServiceLoader calls are bridged anyway; the swap is harmless then.
     */
    static <T> T withMailClassLoader(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SMTPTransport.class.getClassLoader());
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Writes a multipart through {@link MimeMultipart#writeTo} itself instead of asking Jakarta
     * Activation for a content handler, which in OSGi depends on mailcap files it may not see.
     */
    static final class MultipartDataHandler extends DataHandler {
        private final MimeMultipart multipart;

        MultipartDataHandler(MimeMultipart multipart) {
            super(multipart, multipart.getContentType());
            this.multipart = multipart;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try {
                multipart.writeTo(out);
            } catch (MessagingException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /** A message that keeps the Message-ID it was given, so a retry is recognisable as the same mail. */
    static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
