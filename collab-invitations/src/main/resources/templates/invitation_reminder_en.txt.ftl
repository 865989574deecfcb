<#-- English reminder of a pending invitation, plain-text part. The link is the invitation's own (the first mail's link keeps working). Data as the invitation mail: broker, inviter (absent when the broker invited), role, link, expiresAt (in the tenant's time zone), email. -->
<#assign expiry = expiresAt?datetime?string("d MMMM yyyy, HH:mm")>
<#assign zone = expiresAt?datetime?string("z")>
Hello,

${inviter!"Your broker"} invited you to the customer portal of ${broker} (role: ${role}).
You have not registered yet, and the invitation expires on ${expiry} (${zone}).

Please register with this link (the same as in the invitation):

${link}

After it has expired, ${inviter!"your broker"} can send the invitation again.
If you did not expect this invitation, you can ignore this e-mail.

Kind regards
${broker}
