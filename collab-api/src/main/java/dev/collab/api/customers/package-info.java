/**
 * The host's customers (policyholders). {@link dev.collab.api.customers.CustomerDirectory} is
 * implemented by the host CRM; the suite ships an embedded demo directory at the lowest ranking.
 */
@Export
@Version("1.0.0")
package dev.collab.api.customers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
