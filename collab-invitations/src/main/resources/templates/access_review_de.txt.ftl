<#-- German mails of the access review ("Zugriffe überprüfen"), plain-text part. Data: broker, email, kind (REQUESTED, OVERDUE, REVOKED), delegates (how many), revoke (whether the deadline revokes), deadline (in the tenant's time zone), link (the review screen, behind the sign-in). -->
<#assign until = deadline?datetime?string("dd.MM.yyyy, HH:mm")>
<#assign zone = deadline?datetime?string("z")>
Guten Tag,

<#if kind == "REVOKED">
Sie haben die Zugriffe Ihrer Mitarbeiter im Kundenportal von ${broker} nicht bis zum ${until} Uhr (${zone}) überprüft.
Deshalb haben ${delegates} Ihrer freigeschalteten Mitarbeiter (und die Personen, die diese eingeladen hatten) keinen Zugriff mehr auf Kundendaten.
Ihre Anmeldungen und Postfächer bleiben erhalten; Sie können sie jederzeit erneut einladen.

Ihre freigeschalteten Mitarbeiter sehen Sie hier:
<#elseif kind == "OVERDUE">
die Frist zur Überprüfung der Zugriffe Ihrer Mitarbeiter im Kundenportal von ${broker} ist am ${until} Uhr (${zone}) abgelaufen.
${delegates} freigeschaltete Mitarbeiter warten auf Ihre Bestätigung. Bitte überprüfen Sie sie jetzt:
<#else>
${broker} bittet Sie, regelmäßig zu bestätigen, wer in Ihrem Namen Zugriff auf Kundendaten hat.
Bitte überprüfen Sie bis zum ${until} Uhr (${zone}) Ihre ${delegates} freigeschalteten Mitarbeiter: behalten oder entfernen.
<#if revoke>Mitarbeiter, die Sie bis dahin nicht bestätigt haben, verlieren ihren Zugriff.</#if>

Zur Überprüfung („Zugriffe überprüfen“, nach der Anmeldung):
</#if>

${link}

Mit freundlichen Grüßen
${broker}
