<#-- German invitation mail, plain-text part. Data: broker, inviter (absent when the broker invited), role, link, expiresAt (shown in the tenant's time zone), email. -->
<#assign expiry = expiresAt?datetime?string("dd.MM.yyyy, HH:mm")>
<#assign zone = expiresAt?datetime?string("z")>
Guten Tag,

${inviter!"Ihr Makler"} lädt Sie in das Kundenportal von ${broker} ein.
Ihre Rolle: ${role}

Bitte registrieren Sie sich über diesen Link:

${link}

Der Link ist nur einmal verwendbar und gilt bis zum ${expiry} Uhr (${zone}).

Wenn Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.

Mit freundlichen Grüßen
${broker}
