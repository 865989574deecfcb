<#-- Subject of the German reminder of an invitation (plain text, one line). -->
Erinnerung: Ihre Einladung in das Kundenportal von ${broker} läuft bald ab
