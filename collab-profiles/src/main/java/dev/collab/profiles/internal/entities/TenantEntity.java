package dev.collab.profiles.internal.entities;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

import dev.collab.api.tenants.Tenant;

@Entity
@Table(name = "TENANT")
public class TenantEntity {
    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(nullable = false)
    public boolean delegatedAccess;

    /** The language of mails to people whose own language is not known. */
    @Column(name = "MAILLANGUAGE", nullable = false, length = 8)
    public String language = "de";

    /** How long this tenant's registration links work; {@code null} for the configured default. */
    @Column(name = "INVITATIONVALIDITYHOURS")
    public Integer invitationValidityHours;

    /** The IANA id of the zone in which mails and screens show this tenant's times. */
    @Column(name = "TIMEZONE", nullable = false, length = 64)
    public String timeZone = Tenant.DEFAULT_TIME_ZONE;

    /** Hours before expiry at which a pending invitation is reminded once; 0 none, {@code null} the container's default. */
    @Column(name = "REMINDERLEADHOURS")
    public Integer reminderLeadHours;

    /** Whether a removed delegate is told by mail that their access ended. */
    @Column(name = "REMOVALMAIL", nullable = false)
    public boolean removalMail;

    /** Every how many days a reviewer confirms their direct delegates; {@code null} or 0: no reviews. */
    @Column(name = "REVIEWDAYS")
    public Integer reviewDays;

    /** Days between the review mail and its deadline. */
    @Column(name = "REVIEWGRACEDAYS", nullable = false)
    public int reviewGraceDays = Tenant.DEFAULT_REVIEW_GRACE_DAYS;

    /** What the deadline does to delegates not confirmed: {@code NOTIFY} or {@code REVOKE}. */
    @Column(name = "REVIEWMODE", nullable = false, length = 8)
    public String reviewMode = Tenant.REVIEW_NOTIFY;

    @Version
    public long version;

    public Tenant toDTO() {
        return new Tenant(id, name, delegatedAccess, language, invitationValidityHours, timeZone, reminderLeadHours, removalMail,
            reviewDays, reviewGraceDays, reviewMode);
    }
}
