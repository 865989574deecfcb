package dev.collab.rest.internal;

import java.util.Map;

import dev.collab.api.accounts.Account;
import dev.collab.api.tenants.Tenant;

/** Answers of the contract that differ in shape from the API's records. */
final class Views {
    private Views() {
    }

    record TenantView(String id, String name, Map<String, Boolean> features) {
        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.id(), tenant.name(), Map.of("delegatedAccess", tenant.delegatedAccess()));
        }
    }

    record AccountView(String id, String email) {
        static AccountView of(Account account) {
            return new AccountView(account.id(), account.email());
        }
    }
}
