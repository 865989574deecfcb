package dev.collab.partner.example;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stands in for the partner's invoicing system: a real partner bundle reads its own system here.
 * The invoices are derived from tenant and customer id alone, so every customer has one to
 * three of them and the same request always answers the same ones; the newest is open.
 */
final class DemoInvoices {
    private static final LocalDate FIRST = LocalDate.of(2026, 1, 15);

    List<Invoice> of(String tenantId, String customerId) {
        int seed = (tenantId + "/" + customerId).hashCode() & Integer.MAX_VALUE;
        int count = 1 + seed % 3;
        List<Invoice> invoices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long cents = 10_000 + (seed / (i + 1)) % 490_000;
            invoices.add(new Invoice(String.format(Locale.ROOT, "RE-%06d-%d", seed % 1_000_000, i + 1), FIRST.plusMonths(i).toString(),
                BigDecimal.valueOf(cents, 2), "EUR", i == count - 1 ? "open" : "paid"));
        }
        return List.copyOf(invoices);
    }
}
