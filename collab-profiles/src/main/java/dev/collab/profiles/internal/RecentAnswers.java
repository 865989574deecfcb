package dev.collab.profiles.internal;

/**
 * The answers to the host's recent questions, so that a page view asking what an earlier one
 * asked costs one slot read and three string comparisons instead of the decision index's look-ups,
 * whose tables are too large to stay in the CPU's caches.
 *
 * <p>An answer is used only in the {@linkplain TenantModel#generation() generation} of the model it
 * was given in: every change applied to a tenant's model, and every model loaded in its place,
 * makes the answers before it unusable, before the change returns. An access that ends by the clock
 * ends for a remembered "yes" too (it carries the end), and a "no" that an ended access gave is
 * not remembered (a clock that goes back would revive that access). While a change is being
 * applied, a question gets the answer from before it or from after it, as from the index.
 *
 * <p>Bounded: a fixed number of slots shared by every tenant, two per set, the newer answer in
 * the first; an answer for a set that is full pushes out its older one. No lock: a slot holds an
 * {@link Answer} whose question and answer are final fields, so a reader racing a writer sees
 * one answer whole, the one before or the one after, and checks it against its own question.
 */
final class RecentAnswers {

    /**
     * One question and its answer. Immutable but for {@link #notedAt}, whose races are harmless.
     */
    static final class Answer {
        /** The {@linkplain TenantModel#generation() generation} of the model it was given by. */
        final Object generation;
        final String user;
        final String rightId;
        final String customerId;
        /** {@link TenantModel#DENIED}, or allowed until that epoch millisecond ({@link TenantModel#UNLIMITED} for ever). */
        final long until;
        /**
         * The second this answer last noted as the user's last question: a repeated question reads
         * this field of the answer it has in hand, and looks the user's entry up once a second
         * only. A lost update notes the same second twice.
         */
        int notedAt;

        /** 40 bytes: the answers of many questions must stay in the CPU's caches. */
        Answer(Object generation, String user, String rightId, String customerId, long until, int notedAt) {
            this.generation = generation;
            this.user = user;
            this.rightId = rightId;
            this.customerId = customerId;
            this.until = until;
            this.notedAt = notedAt;
        }

        /** The generation by identity; the strings compare by identity first, as the host often asks with the same ones. */
        boolean matches(Object g, String u, String r, String c) {
            return generation == g && user.equals(u) && rightId.equals(r) && customerId.equals(c);
        }

        /** Notes the question's second as the user's last in the model it was given by, once a second at most. */
        void asked(TenantModel model, int now) {
            if (notedAt != now) {
                notedAt = now;
                TenantModel.asked(model.holder(user), now);
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

    /** The answer remembered for this question in this generation of a model, or {@code null}. */
    Answer find(int hash, Object generation, String user, String rightId, String customerId) {
        int first = set(hash);
        Answer a = slots[first];
        if (a != null && a.matches(generation, user, rightId, customerId)) {
            return a;
        }
        a = slots[first + 1];
        return a != null && a.matches(generation, user, rightId, customerId) ? a : null;
    }

    /** Keeps an answer, the set's newer one moving to its second slot. */
    void remember(int hash, Answer answer) {
        int first = set(hash);
        Answer newer = slots[first];
        if (newer != null && newer.generation == answer.generation) {
            slots[first + 1] = newer;
        }
        // an answer of an older generation is of no use any more: it is simply overwritten
        slots[first] = answer;
    }

    private int set(int hash) {
        return ((hash >>> 16 ^ hash) & setMask) << 1;
    }
}
