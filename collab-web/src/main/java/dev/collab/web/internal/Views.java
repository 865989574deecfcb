package dev.collab.web.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TimeZone;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.Environment;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

/**
 * Renders the screens from FreeMarker templates in this bundle ({@code templates/*.ftlh}: HTML
 * output format, so every value is escaped unless a template says otherwise, which none does).
 */
final class Views {
    private final Configuration freemarker;

    Views() {
        Configuration config = new Configuration(Configuration.VERSION_2_3_33);
        // templates are resources of this bundle: its class loader, never the TCCL
        config.setTemplateLoader(new ClassTemplateLoader(Views.class.getClassLoader(), "templates"));
        config.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_33).build());
        config.setDefaultEncoding("UTF-8");
        config.setOutputEncoding("UTF-8");
        config.setRecognizeStandardFileExtensions(true);
        config.setLocalizedLookup(false);
        config.setTimeZone(TimeZone.getTimeZone("UTC"));
        // a template error is a bug: it must reach the servlet (500 page), not be printed into the page
        config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        config.setLogTemplateExceptions(false);
        config.setWrapUncheckedExceptions(true);
        config.setFallbackOnNullLoopVariable(false);
        config.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        this.freemarker = config;
    }

    String render(String view, Map<String, Object> model) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Views.class.getClassLoader());
        try {
            Template template = freemarker.getTemplate(view + ".ftlh", null, null, true);
            StringWriter out = new StringWriter();
            Environment environment = template.createProcessingEnvironment(model, out);
            environment.process();
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("The view " + view + " cannot be read", e);
        } catch (TemplateException e) {
            throw new IllegalStateException("The view " + view + " failed: " + e.getMessageWithoutStackTop(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
