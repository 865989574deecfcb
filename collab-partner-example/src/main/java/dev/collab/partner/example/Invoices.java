package dev.collab.partner.example;

import java.util.List;

import dev.collab.api.customers.Customer;

/**
 * A customer's invoices, in the shape of the suite's lists ({@code items}, {@code nextCursor}).
 *
 * @param customer the customer, as the host's directory names it
 * @param items the invoices, oldest first
 * @param nextCursor always {@code null}: the demo source holds a few invoices per customer, one page
 */
public record Invoices(Customer customer, List<Invoice> items, String nextCursor) {
}
