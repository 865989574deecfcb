package dev.collab.invitations.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.Environment;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import dev.collab.api.mail.RenderedMail;

/**
 * The FreeMarker set-up shared by the suite's default mail templates: templates are resources
 * of this bundle ({@code templates/<name>_<lang>.subject.ftl}, {@code .txt.ftl} and
 * {@code .html.ftlh}; the {@code .ftlh} extension turns on HTML auto-escaping). German and
 * English; other languages get German, the tenants' default.
 */
final class FreemarkerMails {
    private static final Map<String, Locale> LOCALES = Map.of("de", Locale.GERMAN, "en", Locale.ENGLISH);
    private final Configuration freemarker;

    FreemarkerMails() {
        // 2.3.33 is the oldest FreeMarker this bundle imports (see bnd.bnd); its defaults are the ones relied on
        Configuration config = new Configuration(Configuration.VERSION_2_3_33);
        // The templates are resources of this bundle: load them with its class loader, never the TCCL
        config.setTemplateLoader(new ClassTemplateLoader(FreemarkerMails.class.getClassLoader(), "templates"));
        config.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_33).build());
        config.setDefaultEncoding("UTF-8");
        config.setOutputEncoding("UTF-8");
        // .ftlh = HTMLOutputFormat with auto-escaping; .ftl = plain text
        config.setRecognizeStandardFileExtensions(true);
        config.setLocalizedLookup(false);
        config.setTimeZone(TimeZone.getTimeZone("UTC"));
        // a template error must reach the dispatcher, and must not be logged with the data it was rendering
        config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        config.setLogTemplateExceptions(false);
        config.setWrapUncheckedExceptions(true);
        config.setFallbackOnNullLoopVariable(false);
        // the templates ship inside the jar and never change while it runs
        config.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        this.freemarker = config;
    }

    /**
     * @param name the templates' base name, e.g. {@code invitation}
     * @param language the mail's language tag
     * @param timeZone the IANA id of the zone the mail shows times in (the tenant's); an unknown one means UTC
     * @param data what the templates read
     * @return subject (on one line), text and HTML
     */
    RenderedMail render(String name, String language, String timeZone, Map<String, Object> data) {
        String chosen = LOCALES.containsKey(InvitationLinks.language(language))
            ? InvitationLinks.language(language) : InvitationLinks.DEFAULT_LANGUAGE;
        Locale locale = LOCALES.get(chosen);
        TimeZone zone = zone(timeZone);
        String base = name + "_" + chosen;
        String subject = process(base + ".subject.ftl", data, locale, zone).replaceAll("\\s+", " ").trim();
        return new RenderedMail(subject, process(base + ".txt.ftl", data, locale, zone),
            process(base + ".html.ftlh", data, locale, zone));
    }

    /** The tenant's zone was validated when stored; should it still be unknown here, the mail says UTC rather than fail. */
    static TimeZone zone(String timeZone) {
        try {
            return TimeZone.getTimeZone(ZoneId.of(timeZone == null ? "UTC" : timeZone));
        } catch (DateTimeException e) {
            return TimeZone.getTimeZone("UTC");
        }
    }

    private String process(String name, Map<String, Object> data, Locale locale, TimeZone zone) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // FreeMarker resolves some optional classes through the TCCL; make that this bundle's loader
        thread.setContextClassLoader(FreemarkerMails.class.getClassLoader());
        try {
            Template template = freemarker.getTemplate(name, locale, null, true);
            StringWriter out = new StringWriter();
            Environment environment = template.createProcessingEnvironment(data, out);
            environment.setLocale(locale);
            environment.setTimeZone(zone);
            environment.process();
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("The mail template " + name + " cannot be read", e);
        } catch (TemplateException e) {
            throw new IllegalStateException("The mail template " + name + " failed: " + e.getMessageWithoutStackTop(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
