<#-- Subject of the English invitation mail (plain text, one line). -->
Invitation to the customer portal of ${broker}
