package dev.collab.profiles.internal.entities;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Convert;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

/**
 * The access review of one reviewer (a person with direct delegates): when they last completed
 * one, and the open round, if any. The pass claims a round's mail and its deadline with UPDATEs
 * on {@link #notifiedAt} and {@link #overdueAt} (only a count of 1 acts), so that two passes,
 * two nodes or a pass after a restart never act twice.
 */
@Entity
@Table(name = "ACCESS_REVIEW")
public class AccessReviewEntity {
    @Id
    @Column(name = "ACCOUNTID", length = 36)
    public String accountId;

    @Column(name = "TENANTID", nullable = false, length = 64)
    public String tenantId;

    /** When the reviewer last completed a review; {@code null} never. */
    @Column(name = "REVIEWEDAT")
    @Convert(converter = InstantConverter.class)
    public Instant reviewedAt;

    /** When the open round fell due; {@code null} while none is open. */
    @Column(name = "DUEAT")
    @Convert(converter = InstantConverter.class)
    public Instant dueAt;

    /** When the open round's mail was queued; {@code null} while none is open. */
    @Column(name = "NOTIFIEDAT")
    @Convert(converter = InstantConverter.class)
    public Instant notifiedAt;

    /** The open round's deadline. */
    @Column(name = "DEADLINEAT")
    @Convert(converter = InstantConverter.class)
    public Instant deadlineAt;

    /** When the open round's deadline was acted on (overdue mail); {@code null} not yet. */
    @Column(name = "OVERDUEAT")
    @Convert(converter = InstantConverter.class)
    public Instant overdueAt;

    @Version
    public long version;
}
