<#-- Subject of the German notice that a delegate's access ended (plain text, one line). -->
Ihr Zugriff im Kundenportal von ${broker} wurde beendet
