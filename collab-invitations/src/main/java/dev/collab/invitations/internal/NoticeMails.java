package dev.collab.invitations.internal;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.mail.AccessEndedNotice;
import dev.collab.api.mail.AccessReviewNotice;
import dev.collab.api.mail.RenderedMail;

/**
 * The wording of the reminder before an invitation expires and of the notice that a delegate's
 * access ended, German and English ({@code templates/invitation_reminder_<lang>.*} and
 * {@code templates/access_ended_<lang>.*}). Not an extension point yet, unlike the invitation
 * and reset templates: a partner's invitation template rewords only the invitation itself.
 */
final class NoticeMails {
    private final FreemarkerMails mails = new FreemarkerMails();

    /** The reminder has the invitation mail's data, and the same link. */
    RenderedMail reminder(String language, String timeZone, String broker, InvitationIssued invitation, String link) {
        Map<String, Object> data = new HashMap<>();
        data.put("broker", broker);
        data.put("email", invitation.email());
        if (invitation.invitedBy() != null && !invitation.invitedBy().isBlank()) {
            data.put("inviter", invitation.invitedBy());
        }
        data.put("role", invitation.profile() != null ? invitation.profile() : invitation.grant());
        data.put("link", link);
        data.put("expiresAt", Date.from(invitation.expiresAt()));
        return mails.render("invitation_reminder", language, timeZone, data);
    }

    RenderedMail accessEnded(String language, String timeZone, String broker, AccessEndedNotice notice) {
        Map<String, Object> data = new HashMap<>();
        data.put("broker", broker);
        data.put("email", notice.email());
        data.put("grant", notice.grant() == null ? "" : notice.grant());
        data.put("endedAt", Date.from(notice.endedAt()));
        return mails.render("access_ended", language, timeZone, data);
    }

    /**
     * The access review's mails, one template per language ({@code templates/access_review_<lang>.*})
     * worded by {@code kind}: {@code REQUESTED}, {@code OVERDUE} or {@code REVOKED}.
     */
    RenderedMail review(String language, String timeZone, String broker, String kind, AccessReviewNotice notice, String link) {
        Map<String, Object> data = new HashMap<>();
        data.put("broker", broker);
        data.put("email", notice.email());
        data.put("kind", kind);
        data.put("delegates", notice.delegates());
        data.put("revoke", notice.revoke());
        data.put("deadline", Date.from(notice.deadlineAt()));
        data.put("link", link);
        return mails.render("access_review", language, timeZone, data);
    }
}
