package dev.collab.host.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.mailbox.Mailbox;
import dev.collab.api.mailbox.Message;

/**
 * The embedded demo mailbox, kept in the host defaults' database. Registered at the lowest
 * ranking, so a host's own mailbox wins without configuration.
 */
@Component(service = Mailbox.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public final class MailboxImpl implements Mailbox {
    /** At most this many messages are listed, the newest. */
    static final int MAX_MESSAGES = 500;
    static final int MAX_EMAIL = 254;
    static final int MAX_SUBJECT = 1000;
    static final int MAX_BODY = 1_000_000;
    // Deliberately simple (the suite validates what it stores): one @, no blanks, no angle
    // brackets or controls, a dot in the domain.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\\p{Cc}]{1,64}@[^@\\s.<>\\p{Cc}]+(\\.[^@\\s.<>\\p{Cc}]+)+");
    private static final String COLUMNS = "ID, SENDER, RECIPIENT, SUBJECT, BODY, SENTAT";

    private final HostStore store;
    private final Clock clock;
    /** The last sentAt handed out: newest first stays a total order for messages of this process. */
    private final AtomicReference<Instant> last = new AtomicReference<>(Instant.EPOCH);

    @Activate
    public MailboxImpl(@Reference HostStore store) {
        this(store, Clock.systemUTC());
    }

    MailboxImpl(HostStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public List<Message> messages(String tenantId, String email) {
        if (!CustomerDirectoryImpl.isTenantId(tenantId) || email == null || email.isBlank()) {
            return List.of();
        }
        String key = key(email.trim());
        if (key.length() > MAX_EMAIL) {
            return List.of();
        }
        // Two queries, one per index, rather than an OR that Derby answers with a table scan.
        return store.read(c -> {
            Map<String, Message> byId = new LinkedHashMap<>();
            select(c, "SENDERKEY", tenantId, key, byId);
            select(c, "RECIPIENTKEY", tenantId, key, byId);
            return byId.values().stream()
                .sorted(Comparator.comparing(Message::sentAt).thenComparing(Message::id).reversed())
                .limit(MAX_MESSAGES)
                .toList();
        });
    }

    private static void select(Connection c, String keyColumn, String tenantId, String key, Map<String, Message> into) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM MESSAGE WHERE TENANTID = ? AND " + keyColumn + " = ?"
            + " ORDER BY SENTAT DESC, ID DESC FETCH FIRST " + MAX_MESSAGES + " ROWS ONLY";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenantId);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Message m = new Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6, utc()).toInstant());
                    into.putIfAbsent(m.id(), m);
                }
            }
        }
    }

    @Override
    public Message deliver(String tenantId, String from, String to, String subject, String body) {
        List<FieldError> errors = new ArrayList<>();
        if (!CustomerDirectoryImpl.isTenantId(tenantId)) {
            errors.add(new FieldError("tenantId", "A tenant id of 1 to " + CustomerDirectoryImpl.MAX_TENANT_ID + " characters is required."));
        }
        String sender = email("from", from, errors);
        String recipient = email("to", to, errors);
        if (subject == null) {
            errors.add(new FieldError("subject", "A subject is required."));
        } else if (subject.length() > MAX_SUBJECT) {
            errors.add(new FieldError("subject", "The subject may have at most " + MAX_SUBJECT + " characters."));
        } else if (subject.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("subject", "The subject may not contain control characters."));
        }
        if (body == null) {
            errors.add(new FieldError("body", "A body is required."));
        } else if (body.length() > MAX_BODY) {
            errors.add(new FieldError("body", "The body may have at most " + MAX_BODY + " characters."));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Message message = new Message(UUID.randomUUID().toString(), sender, recipient, subject, body, nextSentAt());
        store.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO MESSAGE (ID, TENANTID, SENDER, SENDERKEY, RECIPIENT, "
                + "RECIPIENTKEY, SUBJECT, BODY, SENTAT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, message.id());
                s.setString(2, tenantId);
                s.setString(3, sender);
                s.setString(4, key(sender));
                s.setString(5, recipient);
                s.setString(6, key(recipient));
                s.setString(7, subject);
                s.setString(8, body);
                s.setTimestamp(9, Timestamp.from(message.sentAt()), utc());
                return s.executeUpdate();
            }
        });
        return message;
    }

    /** Now, to the microsecond, but always after the previous message of this process. */
    private Instant nextSentAt() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return last.updateAndGet(previous -> now.isAfter(previous) ? now : previous.plus(1, ChronoUnit.MICROS));
    }

    /** @return the trimmed e-mail, or {@code null} after adding an error */
    private static String email(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "An e-mail address is required."));
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > MAX_EMAIL || key(trimmed).length() > MAX_EMAIL || !EMAIL.matcher(trimmed).matches()) {
            errors.add(new FieldError(field, "'" + abbreviate(trimmed) + "' is not a valid e-mail address."));
            return null;
        }
        return trimmed;
    }

    /**
     * Addresses compare case-insensitively in ASCII only, as the suite's logins do
     * (collab-profiles {@code Rules.loginKey}): Unicode case folding would merge distinct
     * addresses, e.g. the Kelvin sign U+212A with {@code k}.
     */
    static String key(String email) {
        char[] chars = email.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** TIMESTAMP has no zone: store and read UTC, so that a daylight-saving change cannot shift or fold instants. */
    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    }
}
