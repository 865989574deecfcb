package dev.collab.api.accounts;

/** What an authenticated caller is, which decides the endpoints open to them. */
public enum Role {
    /** The CRM vendor's support staff: manages tenants and their feature switch; no tenant. */
    SUPPORT,
    /** A broker admin of one tenant. */
    ADMIN,
    /** A portal user of one tenant (a policyholder or a delegate). */
    USER
}
