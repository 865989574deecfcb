<#-- Subject of the German invitation mail (plain text, one line). -->
Einladung in das Kundenportal von ${broker}
