package dev.collab.profiles.internal;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.tenants.Tenant;
import dev.collab.api.tenants.TenantChange;
import dev.collab.api.tenants.TenantService;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

@Component(service = TenantService.class)
public final class TenantServiceImpl implements TenantService {
    static final List<String> LANGUAGES = List.of("de", "en");
    private final Database db;
    private final AccessModel model;
    private final Audit audit;

    @Activate
    public TenantServiceImpl(@Reference Database db, @Reference AccessModel model) {
        this.db = db;
        this.model = model;
        this.audit = new Audit(db);
    }

    @Override
    public TenantChange put(String tenantId, String name, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (!Rules.isTenantId(tenantId)) {
            errors.add(FieldError.of("tenantId", "tenant.idInvalid", "A tenant id has 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit."));
        }
        String trimmed = Rules.name("name", name, 200, true, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        // Under the tenant's lock: concurrent PUTs of one tenant run one after the other.
        return model.locked(tenantId, () -> db.required(() -> new ConflictException("tenant.createdConcurrently", "Tenant '" + tenantId
            + "' was created concurrently; retry.", tenantId), () -> {
            EntityManager em = db.em();
            TenantEntity entity = em.find(TenantEntity.class, tenantId);
            boolean created = entity == null;
            if (created) {
                entity = new TenantEntity();
                entity.id = tenantId;
                entity.name = trimmed;
                em.persist(entity);
                audit.record(tenantId, actor, "tenant.created", tenantId, trimmed);
            } else if (!entity.name.equals(trimmed)) {
                audit.record(tenantId, actor, "tenant.renamed", tenantId, entity.name + " -> " + trimmed);
                entity.name = trimmed;
            }
            return new TenantChange(entity.toDTO(), created);
        }));
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        if (!Rules.isTenantId(tenantId)) {
            return Optional.empty();
        }
        return db.supports(() -> Optional.ofNullable(db.em().find(TenantEntity.class, tenantId)).map(TenantEntity::toDTO));
    }

    @Override
    public Tenant get(String tenantId) {
        return find(tenantId).orElseThrow(() -> new UnknownResourceException("tenant.notFound", "There is no tenant '" + tenantId + "'.", tenantId));
    }

    @Override
    public Tenant configure(String tenantId, String language, Integer invitationValidityHours, String timeZone, String actor) {
        get(tenantId);
        List<FieldError> errors = new ArrayList<>();
        if (language != null && !LANGUAGES.contains(language)) {
            errors.add(FieldError.of("language", "tenant.languageUnknown", "The mail language is one of " + LANGUAGES + "."));
        }
        if (invitationValidityHours != null && (invitationValidityHours < 1 || invitationValidityHours > 720)) {
            errors.add(FieldError.of("invitationValidityHours", "tenant.validityRange", "Registration links work between 1 hour and 30 days (720 hours)."));
        }
        if (timeZone != null && !isTimeZone(timeZone)) {
            errors.add(FieldError.of("timeZone", "tenant.timeZoneUnknown", "'" + Rules.abbreviate(timeZone)
                + "' is not a time zone: give an IANA id such as Europe/Berlin.", Rules.abbreviate(timeZone)));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return model.locked(tenantId, () -> db.required(TenantServiceImpl::concurrentChange, () -> {
            TenantEntity entity = db.em().find(TenantEntity.class, tenantId);
            if (language != null && !language.equals(entity.language)) {
                audit.record(tenantId, actor, "tenant.language", tenantId, entity.language + " -> " + language);
                entity.language = language;
            }
            if (invitationValidityHours != null && !invitationValidityHours.equals(entity.invitationValidityHours)) {
                audit.record(tenantId, actor, "tenant.invitationValidity", tenantId,
                    entity.invitationValidityHours + " -> " + invitationValidityHours + " hours");
                entity.invitationValidityHours = invitationValidityHours;
            }
            if (timeZone != null && !timeZone.equals(entity.timeZone)) {
                audit.record(tenantId, actor, "tenant.timeZone", tenantId, entity.timeZone + " -> " + timeZone);
                entity.timeZone = timeZone;
            }
            return entity.toDTO();
        }));
    }

    @Override
    public Tenant configureMails(String tenantId, Integer reminderLeadHours, boolean useContainerReminderLead, Boolean removalMail,
        String actor) {
        get(tenantId);
        if (!useContainerReminderLead && reminderLeadHours != null && (reminderLeadHours < 0 || reminderLeadHours > 720)) {
            throw new ValidationException("reminderLeadHours", "tenant.reminderLeadRange",
                "The reminder goes out 0 (none) to 720 hours before an invitation expires.");
        }
        return model.locked(tenantId, () -> db.required(TenantServiceImpl::concurrentChange, () -> {
            TenantEntity entity = db.em().find(TenantEntity.class, tenantId);
            Integer lead = useContainerReminderLead ? null : reminderLeadHours != null ? reminderLeadHours : entity.reminderLeadHours;
            if (!Objects.equals(lead, entity.reminderLeadHours)) {
                audit.record(tenantId, actor, "tenant.reminderLead", tenantId, hours(entity.reminderLeadHours) + " -> " + hours(lead));
                entity.reminderLeadHours = lead;
            }
            if (removalMail != null && removalMail != entity.removalMail) {
                audit.record(tenantId, actor, "tenant.removalMail", tenantId, removalMail ? "removed delegates are told by mail"
                    : "removed delegates get no mail");
                entity.removalMail = removalMail;
            }
            return entity.toDTO();
        }));
    }

    @Override
    public Tenant configureReview(String tenantId, Integer reviewDays, Integer reviewGraceDays, String reviewMode, String actor) {
        get(tenantId);
        List<FieldError> errors = new ArrayList<>();
        if (reviewDays != null && reviewDays != 0 && (reviewDays < MIN_REVIEW_DAYS || reviewDays > MAX_REVIEW_DAYS)) {
            errors.add(FieldError.of("reviewDays", "tenant.reviewDaysRange", "A review falls due every " + MIN_REVIEW_DAYS
                + " to " + MAX_REVIEW_DAYS + " days, or 0 for no reviews.", MIN_REVIEW_DAYS, MAX_REVIEW_DAYS));
        }
        if (reviewGraceDays != null && (reviewGraceDays < 1 || reviewGraceDays > MAX_REVIEW_GRACE_DAYS)) {
            errors.add(FieldError.of("reviewGraceDays", "tenant.reviewGraceRange", "The deadline is 1 to " + MAX_REVIEW_GRACE_DAYS
                + " days after the review mail.", MAX_REVIEW_GRACE_DAYS));
        }
        if (reviewMode != null && !Tenant.REVIEW_NOTIFY.equals(reviewMode) && !Tenant.REVIEW_REVOKE.equals(reviewMode)) {
            errors.add(FieldError.of("reviewMode", "tenant.reviewModeUnknown", "The review mode is NOTIFY or REVOKE."));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return model.locked(tenantId, () -> db.required(TenantServiceImpl::concurrentChange, () -> {
            TenantEntity entity = db.em().find(TenantEntity.class, tenantId);
            Integer days = reviewDays == null ? entity.reviewDays : reviewDays == 0 ? null : reviewDays;
            if (!Objects.equals(days, entity.reviewDays)) {
                audit.record(tenantId, actor, "tenant.review", tenantId, reviewText(entity.reviewDays) + " -> " + reviewText(days));
                entity.reviewDays = days;
            }
            if (reviewGraceDays != null && reviewGraceDays != entity.reviewGraceDays) {
                audit.record(tenantId, actor, "tenant.reviewGrace", tenantId, entity.reviewGraceDays + " -> " + reviewGraceDays
                    + " days between the review mail and its deadline");
                entity.reviewGraceDays = reviewGraceDays;
            }
            if (reviewMode != null && !reviewMode.equals(entity.reviewMode)) {
                audit.record(tenantId, actor, "tenant.reviewMode", tenantId, Tenant.REVIEW_REVOKE.equals(reviewMode)
                    ? "delegates not confirmed by the deadline lose their access" : "past the deadline the reviewer is reminded");
                entity.reviewMode = reviewMode;
            }
            return entity.toDTO();
        }));
    }

    private static String reviewText(Integer days) {
        return days == null ? "no access reviews" : "a review every " + days + " days";
    }

    private static String hours(Integer lead) {
        return lead == null ? "container default" : lead == 0 ? "no reminder" : lead + " hours before expiry";
    }

    /**
     * Region ids only (Europe/Berlin, UTC): offsets such as +01:00 and the old three-letter
     * abbreviations are refused, since a region follows its daylight saving time and an offset does not.
     */
    static boolean isTimeZone(String id) {
        return id.length() <= 64 && ZoneId.getAvailableZoneIds().contains(id);
    }

    @Override
    public List<Tenant> list() {
        return db.supports(() -> db.em().createQuery("SELECT t FROM TenantEntity t ORDER BY t.id", TenantEntity.class)
            .getResultList().stream().map(TenantEntity::toDTO).toList());
    }

    @Override
    public Tenant setDelegatedAccess(String tenantId, boolean enabled, String actor) {
        get(tenantId);
        // Under the tenant's lock, so that no invite that started earlier finishes after this returns.
        return model.change(tenantId, TenantServiceImpl::concurrentChange, () -> {
            TenantEntity entity = db.em().find(TenantEntity.class, tenantId);
            if (entity == null) {
                throw new UnknownResourceException("tenant.notFound", "There is no tenant '" + tenantId + "'.", tenantId);
            }
            if (entity.delegatedAccess != enabled) {
                model.touched().event("FEATURE_SWITCHED", tenantId, actor, null, null, enabled ? "enabled" : "disabled");
                audit.record(tenantId, actor, enabled ? "feature.enabled" : "feature.disabled", "delegatedAccess",
                    enabled ? "profile administration and inviting open" : "profile administration and inviting stopped; existing access kept");
            }
            entity.delegatedAccess = enabled;
            return entity.toDTO();
        });
    }

    private static ConflictException concurrentChange() {
        return new ConflictException("tenant.concurrent", "Concurrent change; retry.");
    }
}
