package dev.collab.invitations.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

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
        PreparedMessage message = new PreparedMessage(session, mail.messageId());
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, to);
        message.setSubject(oneLine(mail.subject()), "UTF-8");
        message.setSentDate(new Date());
        Body text = text(mail.text(), "plain");
        message.setBody(mail.html() == null || mail.html().isBlank() ? text : alternative(text, text(mail.html(), "html")));
        message.saveChanges();
        return message;
    }

    /** A MIME body as it is written: its two headers, and its bytes in its transfer encoding. */
    record Body(String contentType, String encoding, byte[] bytes) {
    }

    /**
     * A text body from its UTF-8 bytes, which never fall back to the platform charset. The
     * encoding is 8bit while every line is short enough, so the registration link stays verbatim
     * in the message; otherwise quoted-printable.
     */
    static Body text(String body, String subtype) throws MessagingException {
        String crlf = body == null ? "" : body.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        byte[] bytes = crlf.getBytes(StandardCharsets.UTF_8);
        String encoding = transferEncoding(crlf);
        if ("quoted-printable".equals(encoding)) {
            ByteArrayOutputStream encoded = new ByteArrayOutputStream(bytes.length + bytes.length / 8);
            try (OutputStream out = MimeUtility.encode(encoded, encoding)) {
                out.write(bytes);
            } catch (IOException e) {
                throw new MessagingException("The text could not be encoded.", e);
            }
            bytes = encoded.toByteArray();
        }
        return new Body("text/" + subtype + "; charset=UTF-8", encoding, bytes);
    }

    /**
     * {@code multipart/alternative} of the given parts, in order (RFC 2046 5.1), with a random
     * boundary that none of the parts contains. 8bit if a part is, else 7bit (quoted-printable is
     * 7bit).
     */
    static Body alternative(Body... parts) {
        String boundary;
        do {
            boundary = "=_collab_" + UUID.randomUUID().toString().replace("-", "");
        } while (containedIn(boundary, parts));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean eightBit = false;
        for (Body part : parts) {
            ascii(out, "--" + boundary + "\r\nContent-Type: " + part.contentType() + "\r\nContent-Transfer-Encoding: "
                + part.encoding() + "\r\n\r\n");
            out.writeBytes(part.bytes());
            ascii(out, "\r\n");
            eightBit |= "8bit".equals(part.encoding());
        }
        ascii(out, "--" + boundary + "--\r\n");
        return new Body("multipart/alternative; boundary=\"" + boundary + "\"", eightBit ? "8bit" : "7bit", out.toByteArray());
    }

    private static boolean containedIn(String boundary, Body... parts) {
        for (Body part : parts) {
            if (new String(part.bytes(), StandardCharsets.ISO_8859_1).contains(boundary)) {
                return true;
            }
        }
        return false;
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
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
     * A message whose body is written as we prepared it, byte for byte, with the Message-ID it
     * was given (a retry is recognisable as the same mail).
     *
     * <p>Why not Jakarta Mail's {@code MimeMultipart} and {@code MimeBodyPart}: each of them looks
     * up Jakarta Mail's {@code StreamProvider} through {@code ServiceLoader} when it is built and
     * again when it is written, and in OSGi SPI Fly answers every look-up by scanning the
     * bundles: 73 % of the time the .eml transport took per mail. The message's own headers still
     * come from Jakarta Mail (the addresses, the encoded subject, the date); its body is held as
     * the bytes a parsed message holds, which Jakarta Mail writes out unchanged and parses back
     * on demand.
     */
    static final class PreparedMessage extends MimeMessage {
        private final String messageId;

        PreparedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        void setBody(Body body) throws MessagingException {
            setHeader("Content-Type", body.contentType());
            setHeader("Content-Transfer-Encoding", body.encoding());
            content = body.bytes();
            contentStream = null;
            dh = null;
            cachedContent = null;
        }

        @Override
        public void saveChanges() throws MessagingException {
            super.saveChanges();
            // the body is the bytes in content, to be written as they are, as for a parsed message
            modified = false;
        }

        /**
         * The message's headers without {@code MimeBodyPart.updateHeaders}: the body's two headers
         * were set with it, and that method would have Jakarta Activation parse a multipart body
         * back into objects only to learn its type.
         */
        @Override
        protected void updateHeaders() throws MessagingException {
            setHeader("MIME-Version", "1.0");
            if (getHeader("Date") == null) {
                setSentDate(new Date());
            }
            updateMessageID();
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
