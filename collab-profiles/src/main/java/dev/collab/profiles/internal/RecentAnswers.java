package dev.collab.profiles.internal;

/**
 * The answers to the host's recent questions, so that a page view asking what an earlier one
 * asked costs one slot read and three string comparisons instead of the decision index's look-ups,
 * whose tables are too large to stay in the CPU's caches.
 *
 * <p>An answer is used only for the same model object at the same {@linkplain TenantModel#version()
 * version}: every change applied to a tenant's model, and every model loaded in its place, makes
 * the answers before it unusable, before the change returns. An access that ends by the clock
 * ends for a remembered "yes" too (it carries the end), and a "no" that an ended access gave is
 * not remembered (a clock that goes back would revive that access).
 *
 * <p>Bounded: a fixed number of slots shared by every tenant, two per set, the newer answer in
 * the first; an answer for a set that is full pushes out its older one. No lock: a slot holds an
 * immutable {@link Answer} (final fields), so a reader racing a writer sees one answer whole,
 * the one before or the one after, and checks it against its own question anyway.
 */
final class RecentAnswers {

    /**
     * One question and its answer. Immutable but for {@link #notedAt}, whose races are harmless.
     */
    static final class Answer {
        final TenantModel model;
        final long version;
        final String user;
        final String rightId;
        final String customerId;
        /**
         * The user's entry in the index, on which a question notes the second it was asked in;
         * {@code null} for a user the tenant does not have.
         */
        final TenantModel.Holder holder;
        /** {@link TenantModel#DENIED}, or allowed until that epoch millisecond ({@link TenantModel#UNLIMITED} for ever). */
        final long until;
        /**
         * The second this answer last noted on {@link #holder}: a repeated question reads this
         * field of the answer it has in hand instead of the holder's, another object to fetch
         * from memory. A lost update only notes the same second twice.
         */
        int notedAt;

        Answer(TenantModel model, long version, String user, String rightId, String customerId, TenantModel.Holder holder, long until) {
            this.model = model;
            this.version = version;
            this.user = user;
            this.rightId = rightId;
            this.customerId = customerId;
            this.holder = holder;
            this.until = until;
        }

        /** The model and version by identity and value; the strings compare by identity first, as the host often asks with the same ones. */
        boolean matches(TenantModel m, long v, String u, String r, String c) {
            return model == m && version == v && user.equals(u) && rightId.equals(r) && customerId.equals(c);
        }

        /** Notes the question's second on the user's entry, once a second at most. */
        void asked(int now) {
            if (notedAt != now) {
                notedAt = now;
                TenantModel.asked(holder, now);
            }
        }
    }

    private final Answer[] slots;
    private final int setMask;

    /** @param sets a power of two: the answers kept are twice as many */
    RecentAnswers(int sets) {
        if (Integer.bitCount(sets) != 1) {
            throw new IllegalArgumentException("The number of sets must be a power of two: " + sets);
        }
        this.slots = new Answer[sets * 2];
        this.setMask = sets - 1;
    }

    /** The question's hash; the strings keep theirs, so this reads four fields and multiplies. */
    static int hash(String tenantId, String user, String rightId, String customerId) {
        int h = ((tenantId.hashCode() * 31 + user.hashCode()) * 31 + rightId.hashCode()) * 31 + customerId.hashCode();
        // Customer ids are often numbered: consecutive hashes must not fill consecutive sets only.
        return h * 0x9E3779B9;
    }

    /** The answer remembered for this question in this model at this version, or {@code null}. */
    Answer find(int hash, TenantModel model, long version, String user, String rightId, String customerId) {
        int first = set(hash);
        Answer a = slots[first];
        if (a != null && a.matches(model, version, user, rightId, customerId)) {
            return a;
        }
        a = slots[first + 1];
        return a != null && a.matches(model, version, user, rightId, customerId) ? a : null;
    }

    /** Keeps an answer, the set's newer one moving to its second slot. */
    void remember(int hash, Answer answer) {
        int first = set(hash);
        Answer newer = slots[first];
        if (newer != null && newer.model == answer.model && newer.version == answer.version) {
            slots[first + 1] = newer;
        }
        // an answer of an older model or version is of no use any more: it is simply overwritten
        slots[first] = answer;
    }

    private int set(int hash) {
        return ((hash >>> 16 ^ hash) & setMask) << 1;
    }
}
