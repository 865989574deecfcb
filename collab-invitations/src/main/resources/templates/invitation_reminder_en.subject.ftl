<#-- Subject of the English reminder of an invitation (plain text, one line). -->
Reminder: your invitation to the customer portal of ${broker} expires soon
