<#-- Subject of the English password reset mail (plain text, one line). -->
New password for the customer portal of ${broker}
