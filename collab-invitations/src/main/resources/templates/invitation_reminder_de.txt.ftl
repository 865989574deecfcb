<#-- German reminder of a pending invitation, plain-text part. The link is the invitation's own (the first mail's link keeps working). Data as the invitation mail: broker, inviter (absent when the broker invited), role, link, expiresAt (in the tenant's time zone), email. -->
<#assign expiry = expiresAt?datetime?string("dd.MM.yyyy, HH:mm")>
<#assign zone = expiresAt?datetime?string("z")>
Guten Tag,

${inviter!"Ihr Makler"} hat Sie in das Kundenportal von ${broker} eingeladen (Rolle: ${role}).
Sie haben sich noch nicht registriert, und die Einladung läuft am ${expiry} Uhr (${zone}) ab.

Bitte registrieren Sie sich über diesen Link (derselbe wie in der Einladung):

${link}

Nach dem Ablauf kann Ihnen ${inviter!"Ihr Makler"} die Einladung erneut senden.
Wenn Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.

Mit freundlichen Grüßen
${broker}
