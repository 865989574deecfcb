<#-- English password reset mail, plain-text part. Data: broker, email, link, expiresAt (shown in the tenant's time zone). -->
<#assign expiry = expiresAt?datetime?string("d MMMM yyyy, HH:mm")>
<#assign zone = expiresAt?datetime?string("z")>
Hello,

a new password was requested for your account ${email} in the customer portal of ${broker}.

You can set a new password with this link:

${link}

The link can be used once and is valid until ${expiry} (${zone}). A newer link replaces it.

If you did not ask for a new password, you can ignore this e-mail: your current password stays valid.

Kind regards
${broker}
