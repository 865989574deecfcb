<#-- English mails of the access review, plain-text part. Data as the German one. -->
<#assign until = deadline?datetime?string("yyyy-MM-dd, HH:mm")>
<#assign zone = deadline?datetime?string("z")>
Hello,

<#if kind == "REVOKED">
You did not review your delegates' access in the customer portal of ${broker} by ${until} (${zone}).
So ${delegates} of your delegates (and the people they had invited) no longer have access to customer data.
Their logins and mailboxes stay; you can invite them again at any time.

Your delegates are listed here:
<#elseif kind == "OVERDUE">
the deadline to review your delegates' access in the customer portal of ${broker} passed on ${until} (${zone}).
${delegates} delegate(s) are waiting for your confirmation. Please review them now:
<#else>
${broker} asks you to confirm regularly who has access to customer data on your behalf.
Please review your ${delegates} delegate(s) by ${until} (${zone}): keep or remove each.
<#if revoke>Delegates you have not confirmed by then lose their access.</#if>

To the review ("Review access", after signing in):
</#if>

${link}

Kind regards
${broker}
