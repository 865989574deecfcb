package dev.collab.partner.example;

import java.math.BigDecimal;

/**
 * One invoice of the partner's system, as the portal shows it.
 *
 * @param number the invoice number
 * @param issuedOn the day it was issued, ISO-8601 ({@code 2026-03-15})
 * @param amount the gross amount
 * @param currency ISO 4217 code
 * @param status {@code open} or {@code paid}
 */
public record Invoice(String number, String issuedOn, BigDecimal amount, String currency, String status) {
}
