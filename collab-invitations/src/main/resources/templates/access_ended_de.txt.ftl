<#-- German notice to a removed delegate, plain-text part. Data: broker, email, grant, endedAt (in the tenant's time zone). No link: there is nothing to register for. -->
<#assign ended = endedAt?datetime?string("dd.MM.yyyy, HH:mm")>
<#assign zone = endedAt?datetime?string("z")>
Guten Tag,

Ihr Zugriff auf Kundendaten im Kundenportal von ${broker} über die Freischaltung „${grant}“ wurde am ${ended} Uhr (${zone}) beendet.

Ihre Anmeldung und Ihr Postfach bleiben erhalten: Nachrichten, die Sie gesendet oder erhalten haben, sehen Sie weiterhin.
Wenn Sie Fragen dazu haben, wenden Sie sich bitte an die Person, die Sie eingeladen hat.

Mit freundlichen Grüßen
${broker}
