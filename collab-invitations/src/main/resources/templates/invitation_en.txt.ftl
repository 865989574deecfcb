<#-- English invitation mail, plain-text part. Data: broker, inviter (absent when the broker invited), role, link, expiresAt (shown in the tenant's time zone), email. -->
<#assign expiry = expiresAt?datetime?string("d MMMM yyyy, HH:mm")>
<#assign zone = expiresAt?datetime?string("z")>
Hello,

${inviter!"Your broker"} invites you to the customer portal of ${broker}.
Your role: ${role}

Please register with this link:

${link}

The link can be used once and is valid until ${expiry} (${zone}).

If you did not expect this invitation, you can ignore this e-mail.

Kind regards
${broker}
