<#-- Subject of the German password reset mail (plain text, one line). -->
Neues Passwort für das Kundenportal von ${broker}
