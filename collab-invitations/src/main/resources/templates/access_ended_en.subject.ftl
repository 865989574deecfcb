<#-- Subject of the English notice that a delegate's access ended (plain text, one line). -->
Your access to the customer portal of ${broker} has ended
