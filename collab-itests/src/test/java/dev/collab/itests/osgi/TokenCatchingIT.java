package dev.collab.itests.osgi;

import org.junit.After;
import org.junit.Before;

/** A suite test that redeems mailed invitations: it catches each mail's token while it runs. */
public abstract class TokenCatchingIT extends CollabIT {
    protected TokenCatcher tokens;

    @Before
    public void catchTokens() {
        tokens = TokenCatcher.register(context);
    }

    @After
    public void stopCatching() {
        tokens.close();
    }
}
