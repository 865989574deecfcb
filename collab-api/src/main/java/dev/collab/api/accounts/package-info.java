/**
 * Portal accounts and the authentication of a request. {@link dev.collab.api.accounts.Authenticator}
 * is the host's extension point: a host puts its own login in front of the suite by registering
 * one with a higher service ranking than the embedded default.
 */
@Export
@Version("1.2.0")
package dev.collab.api.accounts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
