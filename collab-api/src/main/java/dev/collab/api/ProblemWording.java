package dev.collab.api;

import java.util.Locale;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Words the suite's failures in a person's language, from the one catalog of their message keys
 * ({@link CollabException#key()}, {@link FieldError#key()}). The REST API and the screens both
 * show a refusal through this service, so that a key is worded once, in German and English,
 * wherever it is shown. Implemented by the bundle whose services throw the keys; a front end
 * that finds no such service shows the failure's English message.
 *
 * @since 1.3.0
 */
@ProviderType
public interface ProblemWording {

    /**
     * @param failure a failure a service threw
     * @param language the reader's language; German ({@code de}) or English, any other is English
     * @return the failure's message in that language; its English message when its key is
     *         {@code null} or unknown here (a partner's), or its arguments do not fit the key
     */
    String detail(CollabException failure, Locale language);

    /**
     * @param error one rejected field
     * @param language the reader's language; German ({@code de}) or English, any other is English
     * @return what is wrong with the field in that language; its English message when its key
     *         is {@code null} or unknown here, or its arguments do not fit the key
     */
    String message(FieldError error, Locale language);
}
