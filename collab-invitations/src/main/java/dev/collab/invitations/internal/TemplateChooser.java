package dev.collab.invitations.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Constants;

import dev.collab.api.mail.InvitationTemplate;

/**
 * Picks the template for a mail's language among all registered ones: a template whose
 * {@value InvitationTemplate#LANGUAGE} service property names that language wins over any
 * template without the property; within each group the highest {@code service.ranking} wins,
 * and on equal ranking the older service (lower {@code service.id}), as OSGi orders services.
 * Templates for other languages are never chosen.
 */
final class TemplateChooser {

    private TemplateChooser() {
    }

    /**
     * @param <T> the template type
     * @param candidates each template with its service properties
     * @param language the mail's language
     * @return the template to use, or {@code null} when none fits
     */
    static <T> T choose(Collection<? extends Map.Entry<? extends Map<String, ?>, T>> candidates, String language) {
        Map.Entry<? extends Map<String, ?>, T> specific = null;
        Map.Entry<? extends Map<String, ?>, T> general = null;
        for (Map.Entry<? extends Map<String, ?>, T> candidate : candidates) {
            Object declared = candidate.getKey().get(InvitationTemplate.LANGUAGE);
            if (declared == null) {
                general = better(general, candidate);
            } else if (names(declared, language)) {
                specific = better(specific, candidate);
            }
        }
        Map.Entry<? extends Map<String, ?>, T> chosen = specific != null ? specific : general;
        return chosen == null ? null : chosen.getValue();
    }

    private static <E extends Map.Entry<? extends Map<String, ?>, ?>> E better(E current, E candidate) {
        return current == null || ORDER.compare(candidate, current) < 0 ? candidate : current;
    }

    /** Best first: highest ranking, then lowest service id. */
    private static final Comparator<Map.Entry<? extends Map<String, ?>, ?>> ORDER = Comparator
        .<Map.Entry<? extends Map<String, ?>, ?>>comparingInt(e -> ranking(e.getKey())).reversed()
        .thenComparingLong(e -> serviceId(e.getKey()));

    static int ranking(Map<String, ?> properties) {
        // OSGi: a service.ranking that is not an Integer counts as 0
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0;
    }

    private static long serviceId(Map<String, ?> properties) {
        return properties.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE;
    }

    private static boolean names(Object declared, String language) {
        if (declared instanceof String single) {
            return InvitationLinks.language(single).equals(language);
        }
        if (declared instanceof String[] several) {
            return names(List.of(several), language);
        }
        if (declared instanceof Collection<?> several) {
            for (Object one : several) {
                if (one instanceof String && names(one, language)) {
                    return true;
                }
            }
        }
        return false;
    }
}
