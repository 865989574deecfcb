package dev.collab.profiles.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.ConflictException;
import dev.collab.api.FeatureDisabledException;
import dev.collab.api.FieldError;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.profiles.AccessProfile;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.api.profiles.ProfileService;
import dev.collab.api.profiles.RightsCatalog;
import dev.collab.api.tenants.Tenant;
import dev.collab.api.tenants.TenantService;
import dev.collab.profiles.internal.entities.ProfileEntity;
import dev.collab.profiles.internal.entities.RowIds;
import dev.collab.profiles.internal.persistence.Database;

@Component(service = ProfileService.class)
public final class ProfileServiceImpl implements ProfileService {
    private final Database db;
    private final AccessModel model;
    private final TenantService tenants;
    private final RightsCatalog catalog;
    private final Audit audit;

    @Activate
    public ProfileServiceImpl(@Reference Database db, @Reference AccessModel model, @Reference TenantService tenants,
        @Reference RightsCatalog catalog) {
        this.db = db;
        this.model = model;
        this.tenants = tenants;
        this.catalog = catalog;
        this.audit = new Audit(db);
    }

    @Override
    public AccessProfile create(String tenantId, ProfileDraft draft, String actor) {
        requireEnabled(tenantId);
        return model.change(tenantId, () -> duplicate(draft), () -> {
            Map<String, ProfileEntity> byKey = profilesByKey(tenantId);
            ProfileEntity entity = new ProfileEntity();
            entity.id = RowIds.next();
            entity.tenantId = tenantId;
            apply(entity, draft, byKey);
            db.em().persist(entity);
            model.touched().profile(entity.id);
            audit.record(tenantId, actor, "profile.created", entity.name, describe(entity, byKey));
            byKey.put(entity.nameKey, entity);
            return toDTO(entity, byIds(byKey));
        });
    }

    @Override
    public List<AccessProfile> list(String tenantId) {
        requireEnabled(tenantId);
        return db.supports(() -> {
            Map<String, ProfileEntity> byKey = profilesByKey(tenantId);
            Map<String, ProfileEntity> byId = byIds(byKey);
            return byKey.values().stream()
                .sorted(Comparator.comparing((ProfileEntity p) -> p.nameKey))
                .map(p -> toDTO(p, byId)).toList();
        });
    }

    @Override
    public AccessProfile get(String tenantId, String profileId) {
        requireEnabled(tenantId);
        return db.supports(() -> {
            Map<String, ProfileEntity> byKey = profilesByKey(tenantId);
            Map<String, ProfileEntity> byId = byIds(byKey);
            ProfileEntity entity = byId.get(profileId);
            if (entity == null) {
                throw notFound(profileId);
            }
            return toDTO(entity, byId);
        });
    }

    @Override
    public AccessProfile replace(String tenantId, String profileId, ProfileDraft draft, String actor) {
        requireEnabled(tenantId);
        return model.change(tenantId, () -> duplicate(draft), () -> {
            Map<String, ProfileEntity> byKey = profilesByKey(tenantId);
            ProfileEntity entity = byIds(byKey).get(profileId);
            if (entity == null) {
                throw notFound(profileId);
            }
            String before = entity.name;
            byKey.remove(entity.nameKey);
            apply(entity, draft, byKey);
            byKey.put(entity.nameKey, entity);
            model.touched().profile(entity.id);
            audit.record(tenantId, actor, "profile.replaced", before, describe(entity, byKey));
            return toDTO(entity, byIds(byKey));
        });
    }

    @Override
    public void delete(String tenantId, String profileId, String actor) {
        requireEnabled(tenantId);
        model.change(tenantId, () -> new ConflictException("profile.concurrent", "Profile changed concurrently; retry."), () -> {
            Map<String, ProfileEntity> byKey = profilesByKey(tenantId);
            ProfileEntity entity = byIds(byKey).get(profileId);
            if (entity == null) {
                throw notFound(profileId);
            }
            List<String> users = byKey.values().stream()
                .filter(p -> p != entity && p.delegableIds.contains(profileId))
                .map(p -> p.name).sorted().toList();
            if (!users.isEmpty()) {
                throw new ConflictException("profile.delegatedBy", "Profile '" + entity.name + "' is in use: profiles " + users
                    + " list it as delegable. Remove it there first.", entity.name, String.join(", ", users));
            }
            List<String> grants = db.em().createQuery("SELECT g.name FROM GrantEntity g WHERE g.tenantId = :t AND g.profileId = :p",
                String.class).setParameter("t", tenantId).setParameter("p", profileId).getResultList();
            if (!grants.isEmpty()) {
                throw new ConflictException("profile.inUse", "Profile '" + entity.name + "' is in use by " + grants.size() + " grant(s), e.g. "
                    + grants.stream().sorted().limit(3).toList() + ". Change or remove them first.", entity.name, grants.size(),
                    String.join(", ", grants.stream().sorted().limit(3).toList()));
            }
            audit.record(tenantId, actor, "profile.deleted", entity.name, "");
            model.touched().profile(entity.id);
            db.em().remove(entity);
            return null;
        });
    }

    private void requireEnabled(String tenantId) {
        Tenant tenant = tenants.get(tenantId);
        if (!tenant.delegatedAccess()) {
            throw new FeatureDisabledException(tenantId);
        }
    }

    /** Validates the draft against the tenant's other profiles and the catalog, then copies it in. */
    private void apply(ProfileEntity entity, ProfileDraft draft, Map<String, ProfileEntity> others) {
        if (draft == null) {
            throw new ValidationException("body", "profile.bodyRequired", "A profile is required.");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = Rules.name("name", draft.name(), 100, false, errors);
        String description = draft.description() == null ? "" : draft.description().trim();
        if (description.length() > 1000) {
            errors.add(FieldError.of("description", "profile.descriptionTooLong", "The description may have at most 1000 characters.", 1000));
        }
        Set<String> rights = new LinkedHashSet<>();
        if (draft.rights() == null) {
            errors.add(FieldError.of("rights", "profile.rightsRequired", "A list of right ids is required (it may be empty)."));
        } else {
            Set<String> known = new HashSet<>();
            catalog.rights().forEach(r -> known.add(r.id()));
            for (int i = 0; i < draft.rights().size(); i++) {
                String right = draft.rights().get(i);
                if (right == null || !known.contains(right)) {
                    errors.add(FieldError.of("rights[" + i + "]", "right.unknown", "Unknown right '" + right + "'.", right));
                } else {
                    rights.add(right);
                }
            }
        }
        Set<String> delegable = new LinkedHashSet<>();
        List<String> names = draft.delegableProfiles() == null ? List.of() : draft.delegableProfiles();
        for (int i = 0; i < names.size(); i++) {
            String ref = names.get(i);
            String key = ref == null ? null : Rules.key(ref.trim());
            if (key != null && name != null && key.equals(Rules.key(name))) {
                delegable.add(entity.id);
            } else if (key != null && others.containsKey(key)) {
                delegable.add(others.get(key).id);
            } else {
                errors.add(FieldError.of("delegableProfiles[" + i + "]", "profile.unknown", "Unknown profile '" + ref + "'.", ref));
            }
        }
        Validity.months("maxValidityMonths", draft.maxValidityMonths(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (others.containsKey(Rules.key(name))) {
            throw exists(name);
        }
        entity.name = name;
        entity.nameKey = Rules.key(name);
        entity.description = description;
        entity.rights = new HashSet<>(rights);
        entity.delegableIds = new HashSet<>(delegable);
        // a new limit applies to invitations and extensions from now on; existing validities stay as given
        entity.maxValidityMonths = draft.maxValidityMonths();
    }

    private Map<String, ProfileEntity> profilesByKey(String tenantId) {
        Map<String, ProfileEntity> byKey = new HashMap<>();
        db.em().createQuery("SELECT p FROM ProfileEntity p WHERE p.tenantId = :t", ProfileEntity.class)
            .setParameter("t", tenantId).getResultList().forEach(p -> byKey.put(p.nameKey, p));
        return byKey;
    }

    private static Map<String, ProfileEntity> byIds(Map<String, ProfileEntity> byKey) {
        Map<String, ProfileEntity> byId = new HashMap<>();
        byKey.values().forEach(p -> byId.put(p.id, p));
        return byId;
    }

    private static AccessProfile toDTO(ProfileEntity entity, Map<String, ProfileEntity> byId) {
        List<String> delegable = entity.delegableIds.stream()
            .map(byId::get).filter(p -> p != null).map(p -> p.name).sorted().toList();
        return new AccessProfile(entity.id, entity.name, entity.description,
            entity.rights.stream().sorted().toList(), delegable, entity.maxValidityMonths);
    }

    private static String describe(ProfileEntity entity, Map<String, ProfileEntity> byKey) {
        Map<String, ProfileEntity> byId = byIds(byKey);
        return "rights " + entity.rights.stream().sorted().toList() + ", delegable "
            + entity.delegableIds.stream().map(id -> byId.containsKey(id) ? byId.get(id).name : id).sorted().toList()
            + (entity.maxValidityMonths == null ? "" : ", max validity " + entity.maxValidityMonths + " months");
    }

    /** A name the database finds taken by a profile created meanwhile. */
    private static ConflictException duplicate(ProfileDraft draft) {
        return exists(draft == null ? null : draft.name());
    }

    private static ConflictException exists(String name) {
        return new ConflictException("profile.exists", "A profile named '" + name + "' already exists.", name);
    }

    private static UnknownResourceException notFound(String profileId) {
        return new UnknownResourceException("profile.notFound", "There is no profile '" + profileId + "' in this tenant.", profileId);
    }
}
