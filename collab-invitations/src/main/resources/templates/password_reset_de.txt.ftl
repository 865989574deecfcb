<#-- German password reset mail, plain-text part. Data: broker, email, link, expiresAt (shown in the tenant's time zone). -->
<#assign expiry = expiresAt?datetime?string("dd.MM.yyyy, HH:mm")>
<#assign zone = expiresAt?datetime?string("z")>
Guten Tag,

für Ihr Konto ${email} im Kundenportal von ${broker} wurde ein neues Passwort angefordert.

Über diesen Link können Sie ein neues Passwort festlegen:

${link}

Der Link ist nur einmal verwendbar und gilt bis zum ${expiry} Uhr (${zone}). Ein neuer Link ersetzt diesen.

Wenn Sie kein neues Passwort angefordert haben, können Sie diese E-Mail ignorieren: Ihr bisheriges Passwort bleibt gültig.

Mit freundlichen Grüßen
${broker}
