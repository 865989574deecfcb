<#-- English notice to a removed delegate, plain-text part. Data: broker, email, grant, endedAt (in the tenant's time zone). No link: there is nothing to register for. -->
<#assign ended = endedAt?datetime?string("d MMMM yyyy, HH:mm")>
<#assign zone = endedAt?datetime?string("z")>
Hello,

Your access to customer data in the customer portal of ${broker} through the grant "${grant}" ended on ${ended} (${zone}).

Your login and your mailbox remain: you still see the messages you sent or received.
If you have questions about this, please ask the person who invited you.

Kind regards
${broker}
