<#-- English invitation mail, plain-text part. Data: broker, inviter (absent when the broker invited), role, link, expiresAt, email. -->
<#assign expiry = expiresAt?datetime?string("d MMMM yyyy, HH:mm")>
Hello,

${inviter!"Your broker"} invites you to the customer portal of ${broker}.
Your role: ${role}

Please register with this link:

${link}

The link can be used once and is valid until ${expiry} (UTC).

If you did not expect this invitation, you can ignore this e-mail.

Kind regards
${broker}
