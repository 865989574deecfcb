/**
 * The one copy of what the end-to-end tests, the Pax Exam tests and the load tools of
 * collab-bench share: a {@code java -jar collab-app.jar} process, the REST API as a client calls
 * it, and the {@code .eml} files of the outbox. JDK only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.collab.testkit;
