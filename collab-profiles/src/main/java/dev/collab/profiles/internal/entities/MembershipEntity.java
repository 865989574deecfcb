package dev.collab.profiles.internal.entities;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.Convert;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.Table;
import javax.persistence.Version;

/** A person attached to a grant, with their own customer scope and the membership that invited them. */
@Entity
@Table(name = "MEMBERSHIP")
public class MembershipEntity {
    public static final String INVITED = "INVITED";
    public static final String ACTIVE = "ACTIVE";

    @Id
    @Column(length = 36)
    public String id;

    @Column(nullable = false, length = 64)
    public String tenantId;

    @Column(nullable = false, length = 36)
    public String grantId;

    @Column(nullable = false, length = 36)
    public String accountId;

    /** The inviter's membership, or {@code null} when an admin attached this person. */
    @Column(length = 36)
    public String inviterId;

    @Column(nullable = false, length = 16)
    public String status;

    /**
     * The member's login key and the grant's name key, copied here (both never change) so that
     * the overview and the member lists page along one index in their sort order.
     */
    @Column(name = "ACCOUNTLOGINKEY", nullable = false, length = 254)
    public String accountLoginKey;

    @Column(name = "GRANTNAMEKEY", nullable = false, length = 2000)
    public String grantNameKey;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "MEMBERSHIP_CUSTOMER", joinColumns = @JoinColumn(name = "MEMBERSHIP_ID"))
    @Column(name = "CUSTOMER_ID", length = 64)
    public Set<String> customers = new HashSet<>();

    @Column(nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant invitedAt;

    @Convert(converter = InstantConverter.class)
    public Instant acceptedAt;

    /** The end of this membership's access ("gültig bis"), or {@code null} for unlimited. */
    @Column(name = "VALIDUNTIL")
    @Convert(converter = InstantConverter.class)
    public Instant validUntil;

    /** When the expiry pass recorded that {@link #validUntil} passed; {@code null} until then. */
    @Column(name = "EXPIREDAT")
    @Convert(converter = InstantConverter.class)
    public Instant expiredAt;

    @Version
    public long version;

    /**
     * A new membership of the account in the grant, invited now, with the overview's sort keys
     * (the account's login key, the grant's name key) set: every way a membership is created
     * goes through here, so that none misses them.
     */
    public static MembershipEntity invited(GrantEntity grant, AccountEntity account, Set<String> customers) {
        MembershipEntity member = new MembershipEntity();
        member.id = RowIds.next();
        member.tenantId = grant.tenantId;
        member.grantId = grant.id;
        member.accountId = account.id;
        member.accountLoginKey = account.loginKey;
        member.grantNameKey = grant.nameKey;
        member.customers = new HashSet<>(customers);
        member.status = INVITED;
        member.invitedAt = Instant.now();
        return member;
    }
}
